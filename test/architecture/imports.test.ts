/**
 * The import rules of docs/architecture.md, checked over every file in src/:
 *  - codec/ and mechanism/ are pure: no `node:` (or any package) import, nothing outside codec/, mechanism/,
 *    errors.ts; the one exemption is mechanism/'s audited crypto, the pure-JavaScript @noble/* packages (CURVE);
 *  - socket types never see bytes: routing/ and sockets/ import only pipe/, routing/, sockets/, message.ts,
 *    options.ts, errors.ts, events.ts, address-mask.ts, z85.ts (and sockets/ keep-alive.ts: a pending call keeps the
 *    process alive),
 *    with no exemption: the composition root (root/) wires them to the rest;
 *  - pipe/ is below everything that uses it: it imports only pipe/ and message.ts;
 *  - the engine knows no socket, session, transport or root; sessions know sockets only through SocketHost;
 *  - transports know nothing of ZMTP: transport/ imports nothing from codec/, engine/, mechanism/, sockets/,
 *    session/, root/;
 *  - only root/ and index.ts import root/;
 *  - address-mask.ts and z85.ts (shared by option checks and the layers below) are pure: only errors.ts;
 *  - v5-compat/ (zeromq.js v5's callback API) is a client of the package: only the public entry (index.ts),
 *    v5-compat/ itself and node: modules (the build keeps `../index.js` an import of the built entry; any other
 *    module of src/ would be bundled a second time).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

/** Every module specifier a file refers to: imports, re-exports, dynamic import(), import types, require(). */
function importsOf(fileName: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ImportRef[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: specifier.text, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      let typeOnly = false;
      if (clause !== undefined) {
        const bindings = clause.namedBindings;
        typeOnly =
          clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((e) => e.isTypeOnly));
      }
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      if (isImport || isRequire) add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `file` and the result are paths relative to src/ with `/` separators ("sockets/push.ts"). */
function resolveTarget(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined; // a package or a node: module
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return joined.replace(/\.(js|mjs|cjs)$/, ".ts");
}

const under = (target: string, ...dirs: string[]): boolean => dirs.some((d) => target.startsWith(`${d}/`));

/** Why an import breaks a rule, or undefined when it is fine. */
/** Root-level modules that are pure (only errors.ts) and that sockets/ may use: address ranges, Z85 keys. */
const PURE_HELPERS = ["address-mask.ts", "z85.ts"];

function ruleBroken(file: string, ref: ImportRef): string | undefined {
  const target = resolveTarget(file, ref.specifier);
  const area = file.split("/")[0]!;

  if (target !== undefined && under(target, "root") && area !== "root" && file !== "index.ts") {
    return "only root/ and index.ts may import the composition root";
  }

  // Pure helpers that option checks share with the layers below (tcp transport, mechanisms).
  if (PURE_HELPERS.includes(file)) {
    if (target === "errors.ts") return undefined;
    return `${file} is pure: it imports only errors.ts`;
  }

  if (area === "codec" || area === "mechanism") {
    // CURVE's crypto comes from audited libraries (issue 16 item 5): @noble/* is pure JavaScript, no node:.
    if (area === "mechanism" && /^@noble\//.test(ref.specifier)) return undefined;
    if (target === undefined) return `${area}/ is pure: no node: or package imports${area === "mechanism" ? " (but @noble/*)" : ""}`;
    if (!(under(target, "codec", "mechanism") || target === "errors.ts")) {
      return `${area}/ may import only codec/, mechanism/, errors.ts`;
    }
    return undefined;
  }

  if (area === "routing" || area === "sockets") {
    const allowed = `pipe/, routing/, sockets/, message.ts, options.ts, errors.ts, events.ts, ${PURE_HELPERS.join(", ")}${area === "sockets" ? ", keep-alive.ts" : ""}`;
    if (
      target !== undefined &&
      (under(target, "pipe", "routing", "sockets") || ["message.ts", "options.ts", "errors.ts", "events.ts", ...PURE_HELPERS].includes(target))
    ) {
      return undefined;
    }
    // A waiting send() or receive() keeps the process alive (PendingCalls holds the process-wide handle).
    if (area === "sockets" && target === "keep-alive.ts") return undefined;
    if (target === undefined) return `${area}/ never sees bytes: no node: or package imports (allowed: ${allowed})`;
    return `${area}/ may import only ${allowed}`;
  }

  if (area === "pipe") {
    if (target !== undefined && (under(target, "pipe") || target === "message.ts")) return undefined;
    return "pipe/ may import only pipe/ and message.ts";
  }

  if (area === "engine") {
    if (target !== undefined && under(target, "sockets", "session", "transport", "routing")) {
      return "engine/ knows no socket, session or transport: no imports from sockets/, session/, transport/, routing/";
    }
    return undefined;
  }

  if (area === "session") {
    if (target !== undefined && under(target, "sockets", "routing")) {
      return "session/ knows sockets only through SocketHost: no imports from sockets/, routing/";
    }
    return undefined;
  }

  // The Proxy is a user of sockets: their public calls (and their event hub, to hear a side close).
  if (area === "proxy") {
    if (target !== undefined && (under(target, "proxy", "sockets") || target === "errors.ts" || target === "events.ts")) return undefined;
    return "proxy/ may import only sockets/, proxy/, errors.ts and events.ts";
  }

  if (area === "v5-compat") {
    if (target === undefined ? ref.specifier.startsWith("node:") : under(target, "v5-compat") || target === "index.ts") {
      return undefined;
    }
    return "v5-compat/ may import only the public entry (index.ts), v5-compat/ and node: modules";
  }

  if (area === "transport") {
    if (target !== undefined && under(target, "codec", "engine", "mechanism", "sockets", "session")) {
      return "transport/ knows nothing of ZMTP: no imports from codec/, engine/, mechanism/, sockets/, session/";
    }
    return undefined;
  }

  return undefined;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

interface Scanned {
  file: string;
  refs: ImportRef[];
}

function scan(): Scanned[] {
  return sourceFiles(SRC).map((full) => ({
    file: path.relative(SRC, full).split(path.sep).join("/"),
    refs: importsOf(full, fs.readFileSync(full, "utf8")),
  }));
}

function violations(scanned: Scanned[], areas: string[]): string[] {
  const out: string[] = [];
  for (const { file, refs } of scanned) {
    if (!areas.includes(file.split("/")[0]!)) continue;
    for (const ref of refs) {
      const why = ruleBroken(file, ref);
      if (why !== undefined) {
        const target = resolveTarget(file, ref.specifier);
        out.push(`src/${file}:${ref.line} imports "${ref.specifier}"${target === undefined ? "" : ` (src/${target})`}: ${why}`);
      }
    }
  }
  return out;
}

function report(found: string[]): string {
  if (found.length > 0) console.error(`Import rule violations:\n${found.join("\n")}`);
  return `\n${found.join("\n")}`;
}

describe("architecture: import rules", () => {
  const scanned = scan();

  it("finds the source files and their imports", () => {
    const areas = new Set(scanned.map((s) => s.file.split("/")[0]));
    for (const area of ["codec", "mechanism", "routing", "sockets", "transport", "pipe", "engine", "session", "root"]) {
      expect(areas.has(area), area).toBe(true);
    }
    expect(scanned.reduce((n, s) => n + s.refs.length, 0)).toBeGreaterThan(20);
  });

  it("codec/ and mechanism/ import no node: module and nothing outside codec/, mechanism/, errors.ts (mechanism/: @noble/* too)", () => {
    const found = violations(scanned, ["codec", "mechanism"]);
    expect(found, report(found)).toEqual([]);
  });

  it("routing/ and sockets/ import only pipe/, routing/, sockets/, message.ts, options.ts, errors.ts, events.ts (sockets/: keep-alive.ts too)", () => {
    const found = violations(scanned, ["routing", "sockets"]);
    expect(found, report(found)).toEqual([]);
  });

  it("pipe/ imports only pipe/ and message.ts", () => {
    const found = violations(scanned, ["pipe"]);
    expect(found, report(found)).toEqual([]);
  });

  it("engine/ and session/ know sockets only through their interfaces; only root/ and index.ts import root/", () => {
    const found = violations(scanned, ["engine", "session", "root", "index.ts", "message.ts", "errors.ts", "events.ts", "options.ts", ...PURE_HELPERS]);
    expect(found, report(found)).toEqual([]);
  });

  it("proxy/ imports only sockets/, proxy/, errors.ts and events.ts", () => {
    const found = violations(scanned, ["proxy"]);
    expect(found, report(found)).toEqual([]);
  });

  it("transport/ imports nothing from codec/, engine/, mechanism/, sockets/, session/", () => {
    const found = violations(scanned, ["transport"]);
    expect(found, report(found)).toEqual([]);
  });

  it("v5-compat/ imports only the public entry (index.ts), v5-compat/ and node: modules", () => {
    expect(scanned.some((s) => s.file.startsWith("v5-compat/"))).toBe(true);
    const found = violations(scanned, ["v5-compat"]);
    expect(found, report(found)).toEqual([]);
  });
});

describe("architecture: the checker itself", () => {
  it("finds every kind of import", () => {
    const refs = importsOf(
      "x.ts",
      [
        'import a from "./a.js";',
        'import type { B } from "./b.js";',
        'import { type C, type D } from "./c.js";',
        'import { type E, F } from "./e.js";',
        'import "./side-effect.js";',
        'export { G } from "./g.js";',
        'export type { H } from "./h.js";',
        'export * from "./star.js";',
        'const lazy = () => import("./lazy.js");',
        'type T = import("./t.js").T;',
        'import fs from "node:fs";',
      ].join("\n"),
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ["./a.js", false],
      ["./b.js", true],
      ["./c.js", true],
      ["./e.js", false],
      ["./side-effect.js", false],
      ["./g.js", false],
      ["./h.js", true],
      ["./star.js", false],
      ["./lazy.js", false],
      ["./t.js", true],
      ["node:fs", false],
    ]);
    expect(refs[10]!.line).toBe(11);
  });

  it("flags what breaks each rule and passes what does not", () => {
    const ref = (specifier: string, typeOnly = false): ImportRef => ({ specifier, typeOnly, line: 1 });
    // codec/, mechanism/
    expect(ruleBroken("codec/greeting.ts", ref("node:buffer"))).toBeDefined();
    expect(ruleBroken("codec/greeting.ts", ref("buffer"))).toBeDefined();
    expect(ruleBroken("mechanism/null-mechanism.ts", ref("../engine/zmtp-connection.js", true))).toBeDefined();
    expect(ruleBroken("codec/frame-decoder.ts", ref("./constants.js"))).toBeUndefined();
    expect(ruleBroken("mechanism/null-mechanism.ts", ref("../codec/command.js"))).toBeUndefined();
    expect(ruleBroken("codec/greeting.ts", ref("../errors.js"))).toBeUndefined();
    // routing/, sockets/
    expect(ruleBroken("sockets/push.ts", ref("../engine/zmtp-connection.js", true))).toBeDefined();
    expect(ruleBroken("sockets/push.ts", ref("../codec/frame-encoder.js"))).toBeDefined();
    expect(ruleBroken("sockets/push.ts", ref("../session/dialer.js"))).toBeDefined();
    expect(ruleBroken("routing/fair-queue.ts", ref("node:events"))).toBeDefined();
    expect(ruleBroken("routing/fair-queue.ts", ref("../transport/tcp.js"))).toBeDefined();
    expect(ruleBroken("sockets/push.ts", ref("../routing/load-balancer.js"))).toBeUndefined();
    expect(ruleBroken("routing/fair-queue.ts", ref("../pipe/pipe.js", true))).toBeUndefined();
    expect(ruleBroken("sockets/pull.ts", ref("../options.js"))).toBeUndefined();
    // no exemption: socket-base is a socket like the others
    expect(ruleBroken("sockets/socket-base.ts", ref("../session/endpoint-manager.js"))).toBeDefined();
    expect(ruleBroken("sockets/socket-base.ts", ref("../mechanism/null-mechanism.js"))).toBeDefined();
    expect(ruleBroken("sockets/socket-base.ts", ref("../engine/zmtp-connection.js", true))).toBeDefined();
    expect(ruleBroken("sockets/socket-base.ts", ref("../root/context.js"))).toBeDefined();
    expect(ruleBroken("sockets/socket-base.ts", ref("../events.js", true))).toBeUndefined();
    expect(ruleBroken("sockets/socket-base.ts", ref("node:net"))).toBeDefined();
    expect(ruleBroken("sockets/pending-calls.ts", ref("../keep-alive.js"))).toBeUndefined();
    expect(ruleBroken("routing/fair-queue.ts", ref("../keep-alive.js"))).toBeDefined();
    expect(ruleBroken("session/endpoint-manager.ts", ref("../keep-alive.js"))).toBeUndefined();
    // pipe/, engine/, session/, root/
    expect(ruleBroken("pipe/pipe.ts", ref("../routing/fair-queue.js"))).toBeDefined();
    expect(ruleBroken("pipe/pipe.ts", ref("./message-queue.js"))).toBeUndefined();
    expect(ruleBroken("engine/raw-connection.ts", ref("../sockets/stream.js"))).toBeDefined();
    expect(ruleBroken("engine/raw-connection.ts", ref("../session/dialer.js"))).toBeDefined();
    expect(ruleBroken("engine/raw-connection.ts", ref("node:stream"))).toBeUndefined();
    expect(ruleBroken("session/dialer.ts", ref("../sockets/socket-base.js"))).toBeDefined();
    expect(ruleBroken("session/dialer.ts", ref("../root/context.js"))).toBeDefined();
    expect(ruleBroken("session/dialer.ts", ref("../engine/engine-connection.js"))).toBeUndefined();
    expect(ruleBroken("root/context.ts", ref("../session/endpoint-manager.js"))).toBeUndefined();
    expect(ruleBroken("index.ts", ref("./root/context.js"))).toBeUndefined();
    // transport/
    expect(ruleBroken("transport/tcp.ts", ref("../codec/greeting.js"))).toBeDefined();
    expect(ruleBroken("transport/tcp.ts", ref("../engine/zmtp-connection.js", true))).toBeDefined();
    expect(ruleBroken("transport/tcp.ts", ref("../session/dialer.js"))).toBeDefined();
    expect(ruleBroken("transport/tcp.ts", ref("../sockets/push.js"))).toBeDefined();
    expect(ruleBroken("transport/tcp.ts", ref("../mechanism/mechanism.js"))).toBeDefined();
    expect(ruleBroken("transport/tcp.ts", ref("node:net"))).toBeUndefined();
    expect(ruleBroken("transport/inproc.ts", ref("../pipe/pipe.js"))).toBeUndefined();
    // v5-compat/
    expect(ruleBroken("v5-compat/socket.ts", ref("../index.js"))).toBeUndefined();
    expect(ruleBroken("v5-compat/socket.ts", ref("../errors.js"))).toBeDefined();
    expect(ruleBroken("v5-compat/socket.ts", ref("./monitor.js"))).toBeUndefined();
    expect(ruleBroken("v5-compat/socket.ts", ref("node:events"))).toBeUndefined();
    expect(ruleBroken("v5-compat/socket.ts", ref("../sockets/push.js"))).toBeDefined();
    expect(ruleBroken("v5-compat/socket.ts", ref("../sockets/observer.js", true))).toBeDefined();
    expect(ruleBroken("v5-compat/socket.ts", ref("../root/context.js"))).toBeDefined();
    expect(ruleBroken("v5-compat/socket.ts", ref("zeromq"))).toBeDefined();
    // top-level modules are not governed here, except for root/
    expect(ruleBroken("options.ts", ref("node:process"))).toBeUndefined();
  });
});
