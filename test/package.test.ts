import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declarationSurface } from "./helpers/declaration-surface.js";

/** What every socket class offers (zeromq.js v6's Socket, as far as zmtp has it). */
const SOCKET = [
  "[Symbol.asyncIterator]", "backlog", "bind", "close", "closed", "conflate", "connect", "connectTimeout", "disconnect",
  "handshakeInterval", "immediate", "ipv6", "lastEndpoint", "linger", "maxMessageSize", "readable", "receive",
  "receiveHighWaterMark", "receiveTimeout", "reconnectInterval", "reconnectMaxInterval", "routingId",
  "securityMechanism", "send", "sendHighWaterMark", "sendTimeout", "threadSafe", "type", "unbind", "writable",
];
const socket = (...extra: string[]): string[] => [...SOCKET, "constructor", ...extra].sort();
const ERROR = ["address", "code", "constructor", "errno"];

/**
 * The package's whole public surface: exported names, and each exported class's public members (inherited
 * ones included). Nothing of the layers below the sockets (pipes, sessions, engines) may appear here.
 */
const EXPECTED_SURFACE: Record<string, string | string[]> = {
  AuthError: [...ERROR, "status"].sort(),
  capability: "FirstStatement",
  Dealer: socket("probeRouter"),
  DealerOptions: "InterfaceDeclaration",
  ErrnoError: "InterfaceDeclaration",
  ErrorCode: "TypeAliasDeclaration",
  HandshakeError: ERROR,
  Message: "TypeAliasDeclaration",
  MessageLike: "TypeAliasDeclaration",
  Pair: socket(),
  ProtocolError: ERROR,
  ProtocolErrorCode: "TypeAliasDeclaration",
  Publisher: socket("invertMatching", "noDrop"),
  PublisherOptions: "InterfaceDeclaration",
  Pull: socket(),
  PullOptions: "InterfaceDeclaration",
  Push: socket(),
  Readable: "InterfaceDeclaration",
  Reply: socket(),
  Request: socket("correlate", "probeRouter", "relaxed"),
  RequestOptions: "InterfaceDeclaration",
  Router: socket("handover", "mandatory", "probeRouter"),
  RouterOptions: "InterfaceDeclaration",
  Socket: [...SOCKET].sort(),
  SocketOptions: "TypeAliasDeclaration",
  Stream: socket("notify"),
  StreamOptions: "InterfaceDeclaration",
  Subscriber: socket("invertMatching", "subscribe", "unsubscribe"),
  SubscriberOptions: "InterfaceDeclaration",
  Writable: "InterfaceDeclaration",
  XPublisher: socket("invertMatching", "manual", "noDrop", "subscribe", "unsubscribe", "verbosity", "welcomeMessage"),
  XPublisherOptions: "InterfaceDeclaration",
  XPublisherVerbosity: "TypeAliasDeclaration",
  XSubscriber: socket(),
  XSubscriberOptions: "TypeAliasDeclaration",
  ZmqError: ERROR,
};

const root = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  exports: Record<string, { import: { types: string; default: string }; require: { types: string; default: string } }>;
};
let out = "";

/** The published package: tsup's ESM, CJS and declaration output, as the exports map names it. */
describe("package build (tsup)", () => {
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-build-"));
    execFileSync(path.join(root, "node_modules", ".bin", "tsup"), ["--out-dir", out, "--silent"], { cwd: root });
  }, 60_000);
  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
  });

  function built(file: string): string {
    return path.join(out, path.relative("dist", file));
  }

  it("emits every file the exports map points at", () => {
    const entry = pkg.exports["."]!;
    for (const file of [entry.import.default, entry.import.types, entry.require.default, entry.require.types]) {
      expect(fs.existsSync(built(file)), file).toBe(true);
    }
  });

  it("ESM and CJS builds load and export the same API", async () => {
    const entry = pkg.exports["."]!;
    const esm = (await import(pathToFileURL(built(entry.import.default)).href)) as Record<string, unknown>;
    const cjs = createRequire(import.meta.url)(built(entry.require.default)) as Record<string, unknown>;
    const names = Object.keys(esm).sort();
    expect(Object.keys(cjs).sort()).toEqual(names);
    for (const name of ["Push", "Pull", "Request", "Reply", "Dealer", "Router", "Pair", "Publisher", "Subscriber", "XPublisher", "XSubscriber", "Stream", "ZmqError"]) {
      expect(names).toContain(name);
    }
    const Push = cjs.Push as new () => { type: number; close(): unknown };
    const socket = new Push();
    expect(socket.type).toBe(8);
    socket.close();
  });

  it("exposes exactly the public API: no pipe, session or engine member on any exported class", () => {
    const surface = declarationSurface(fs.readFileSync(built(pkg.exports["."]!.import.types), "utf8"));
    expect(surface).toEqual(EXPECTED_SURFACE);
  });

  it("declarations describe the socket classes", () => {
    const types = fs.readFileSync(built(pkg.exports["."]!.import.types), "utf8");
    expect(types).toMatch(/declare class Push\b/);
    expect(types).toMatch(/receive\(\): Promise<Buffer\[\]>/);
  });
});
