let inprocCount = 0;

/**
 * Where a test binds over `transport`: tcp on an ephemeral loopback port (read the real one from
 * `lastEndpoint`), inproc under a name no other bind in the process has used.
 */
export function bindEndpoint(transport: "tcp" | "inproc", label = "test"): string {
  return transport === "tcp" ? "tcp://127.0.0.1:0" : `inproc://${label}-${++inprocCount}`;
}
