/**
 * zmtp's browser build (dist/browser/index.js, the `browser` condition of `zmtp`): the same entry, src/index.ts,
 * bundled for a page, with the modules that need Node.js swapped at build time, so that the bundle imports
 * no `node:` module and a page's bundler (esbuild, Vite, webpack) needs no Node shims:
 *  - REPLACED modules get a browser module of the same exports: ws:// and wss:// over the page's own
 *    WebSocket (connect only), keep-alive without a process, attachHttpServer refused;
 *  - NODE_ONLY modules (tcp, ipc, udp and pgm transports, the byte-stream wire) get a stub
 *    whose every export throws EPROTONOSUPPORT saying why, so `bind("tcp://…")` in a page fails clearly;
 *  - `Buffer`, which zmtp's modules use as Node's global, is bound to src/browser/buffer.ts (a Uint8Array
 *    with the part of Buffer's API that zmtp and its users need), module by module: nothing global is set.
 * A module that needs Node and is not listed makes the build fail (test/browser/bundle.test.ts says which).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";
import ts from "typescript";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const src = (file: string): string => path.join(ROOT, "src", file);

/** Modules with a browser module of their own (same exports, typed with `typeof import(...)`). */
const REPLACED: Record<string, string> = {
  "transport/websocket/ws-transport.ts": "browser/ws-transport.ts",
  "transport/websocket/ws-listener.ts": "browser/ws-listener.ts",
  "keep-alive.ts": "browser/keep-alive.ts",
};

/** Modules a page cannot use at all, and what to tell whoever calls them. */
const NODE_ONLY: Record<string, string> = {
  "transport/tcp.ts": "tcp:// needs Node.js (a page has no sockets): connect to a ws:// or wss:// endpoint instead",
  "transport/ipc.ts": "ipc:// needs Node.js (a page has no Unix sockets): connect to a ws:// or wss:// endpoint instead",
  "transport/read-relay.ts": "tcp:// and ipc:// need Node.js",
  "transport/udp.ts": "udp:// needs Node.js (a page has no datagram sockets)",
  "transport/udp-endpoint.ts": "udp:// needs Node.js (a page has no datagram sockets)",
  "transport/epgm.ts": "pgm:// and epgm:// need Node.js (a page has no datagram sockets)",
  "transport/epgm-endpoint.ts": "pgm:// and epgm:// need Node.js (a page has no datagram sockets)",
  "session/epgm-session.ts": "pgm:// and epgm:// need Node.js",
  "engine/datagram/dgram-address.ts": "udp:// needs Node.js",
  "engine/wire/stream-wire.ts": "byte-stream transports (tcp://, ipc://) need Node.js",
};

/** The names a module exports as values (types and interfaces vanish), and its `export … from` lines. */
function valueExports(file: string): { names: string[]; reexports: string[] } {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names: string[] = [];
  const reexports: string[] = [];
  const exported = (node: ts.Node): boolean =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
  for (const statement of source.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && exported(statement)) {
      if (statement.name !== undefined) names.push(statement.name.text);
    } else if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
      }
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      if (statement.moduleSpecifier !== undefined) reexports.push(statement.getText(source));
      else if (statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.push(element.name.text);
      }
    }
  }
  return { names, reexports };
}

/** A module whose every value export throws EPROTONOSUPPORT when called or constructed. */
function stub(file: string, why: string): string {
  const { names, reexports } = valueExports(file);
  const errors = JSON.stringify(src("errors.ts"));
  const lines = [
    `import { ZmqError } from ${errors};`,
    `const unavailable = (name) => function () { throw new ZmqError("EPROTONOSUPPORT", ${JSON.stringify(why)} + " (" + name + " is not in zmtp's browser build)"); };`,
    ...names.map((name) => `export const ${name} = unavailable(${JSON.stringify(name)});`),
    ...reexports,
  ];
  return lines.join("\n");
}

/** The esbuild plugin that swaps REPLACED and NODE_ONLY modules. */
export function browserModules(): Plugin {
  const replaced = new Map(Object.entries(REPLACED).map(([from, to]) => [src(from), src(to)]));
  const nodeOnly = new Map(Object.entries(NODE_ONLY).map(([file, why]) => [src(file), why]));
  return {
    name: "zmtp-browser-modules",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace !== "file" && args.namespace !== "zmtp-node-only") return undefined;
        const resolved = path.resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts");
        const replacement = replaced.get(resolved);
        if (replacement !== undefined) return { path: replacement };
        if (nodeOnly.has(resolved)) return { path: resolved, namespace: "zmtp-node-only" };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: "zmtp-node-only" }, (args) => ({
        contents: stub(args.path, nodeOnly.get(args.path)!),
        loader: "js",
        resolveDir: path.dirname(args.path),
      }));
    },
  };
}

/** esbuild's options for the browser bundle (tsup.config.ts and test/browser/bundle.test.ts use them). */
export const browserBuild = {
  platform: "browser" as const,
  format: "esm" as const,
  target: "es2022",
  bundle: true,
  inject: [src("browser/buffer.ts")],
  plugins: [browserModules()],
};
