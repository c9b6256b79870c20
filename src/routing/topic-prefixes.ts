/** `subscribe("a", buf)` arguments as prefixes; no argument means the empty prefix (everything). */
export function topicsFrom(prefixes: readonly (Uint8Array | string)[]): Buffer[] {
  if (prefixes.length === 0) return [Buffer.alloc(0)];
  return prefixes.map((p) =>
    typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p.buffer, p.byteOffset, p.byteLength),
  );
}
