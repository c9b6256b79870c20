import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declarationSurface } from "./helpers/declaration-surface.js";

/** What every socket class offers (zeromq.js v6's Socket, as far as zmtp has it, and `closeAndWait`). */
const SOCKET = [
  "authenticator", "backlog", "bind", "close", "closeAndWait", "closed", "conflate", "connect", "connectTimeout",
  "context", "curvePublicKey", "curveSecretKey", "curveServer", "curveServerKey", "disconnect", "events",
  "handshakeInterval", "heartbeatInterval", "heartbeatTimeToLive", "heartbeatTimeout", "immediate", "ipv6",
  "lastEndpoint", "linger", "maxMessageSize", "multicastMaxTransportDataUnit", "plainPassword", "plainServer",
  "plainUsername", "rate", "readable", "receiveBufferSize", "receiveHighWaterMark", "receiveTimeout",
  "reconnectInterval", "reconnectMaxInterval", "recoveryInterval",
  "routingId", "securityMechanism", "sendBufferSize", "sendHighWaterMark", "sendTimeout", "tcpAcceptFilter",
  "tcpKeepalive", "tcpKeepaliveCount", "tcpKeepaliveIdle", "tcpKeepaliveInterval", "threadSafe", "type", "unbind",
  "writable", "wssCertPem", "wssHostname", "wssKeyPem", "wssTrustPem", "wssTrustSystem", "zapDomain", "zapEnforceDomain",
];
/**
 * Only the socket types that receive have these (zeromq.js's Readable, plus zmtp's batch path), only those
 * that send `send` (and its batch forms).
 */
const READS = ["[Symbol.asyncIterator]", "receive", "receiveMany", "tryReceive"];
const WRITES = ["send", "sendMany", "trySend"];
const socket = (...extra: string[]): string[] => [...SOCKET, "constructor", ...extra].sort();
const ERROR = ["address", "code", "constructor", "errno"];

/**
 * The package's whole public surface: exported names, and each exported class's public members (inherited
 * ones included). Nothing of the layers below the sockets (pipes, sessions, engines) may appear here.
 */
const EXPECTED_SURFACE: Record<string, string | string[]> = {
  AuthDecision: "TypeAliasDeclaration",
  AuthError: [...ERROR, "status"].sort(),
  AuthRequest: "InterfaceDeclaration",
  Authenticator: "TypeAliasDeclaration",
  Event: "TypeAliasDeclaration",
  EventOfType: "TypeAliasDeclaration",
  EventType: "TypeAliasDeclaration",
  PeerDetails: "InterfaceDeclaration",
  Observer: ["[Symbol.asyncIterator]", "close", "closed", "constructor", "off", "on", "receive"],
  capability: "FirstStatement",
  Context: [
    "blocky", "constructor", "ioThreads", "ipv6", "maxMessageSize", "maxSockets", "maxSocketsLimit", "threadPriority",
    "threadSchedulingPolicy",
  ],
  context: "FirstStatement",
  attachHttpServer: "FunctionDeclaration",
  curveKeyPair: "FunctionDeclaration",
  Dealer: socket(...READS, ...WRITES, "probeRouter"),
  DealerOptions: "InterfaceDeclaration",
  ErrnoError: "InterfaceDeclaration",
  ErrorCode: "TypeAliasDeclaration",
  FrameTracer: "TypeAliasDeclaration",
  HandshakeError: ERROR,
  Message: "TypeAliasDeclaration",
  MessageLike: "TypeAliasDeclaration",
  Pair: socket(...READS, ...WRITES),
  ProtocolError: ERROR,
  ProtocolErrorCode: "TypeAliasDeclaration",
  Proxy: ["backEnd", "constructor", "frontEnd", "pause", "resume", "run", "statistics", "terminate"],
  ProxyOptions: "InterfaceDeclaration",
  ProxySideStatistics: "InterfaceDeclaration",
  ProxyStatistics: "InterfaceDeclaration",
  Publisher: socket(...WRITES, "invertMatching", "maxSubscriptionsPerPeer", "multicastHops", "noDrop"),
  PublisherOptions: "InterfaceDeclaration",
  Pull: socket(...READS),
  PullOptions: "InterfaceDeclaration",
  Push: socket(...WRITES),
  Readable: "InterfaceDeclaration",
  Reply: socket(...READS, ...WRITES),
  Request: socket(...READS, ...WRITES, "correlate", "probeRouter", "relaxed"),
  RequestOptions: "InterfaceDeclaration",
  Router: socket(...READS, ...WRITES, "handover", "mandatory", "probeRouter"),
  RouterOptions: "InterfaceDeclaration",
  Socket: [...SOCKET].sort(),
  SocketOptions: "TypeAliasDeclaration",
  Stream: socket(...READS, ...WRITES, "notify"),
  StreamOptions: "InterfaceDeclaration",
  Subscriber: socket(...READS, "invertMatching", "subscribe", "unsubscribe"),
  SubscriberOptions: "InterfaceDeclaration",
  TraceEvent: "InterfaceDeclaration",
  traceFrames: "FunctionDeclaration",
  Writable: "InterfaceDeclaration",
  XPublisher: socket(...READS, ...WRITES, "invertMatching", "manual", "maxSubscriptionsPerPeer", "multicastHops", "noDrop", "subscribe", "unsubscribe", "verbosity", "welcomeMessage"),
  XPublisherOptions: "InterfaceDeclaration",
  XPublisherVerbosity: "TypeAliasDeclaration",
  XSubscriber: socket(...READS, ...WRITES),
  XSubscriberOptions: "TypeAliasDeclaration",
  version: "FirstStatement",
  z85: "FirstStatement",
  ZmqError: ERROR,
};

/**
 * `zmtp/draft`: all of the above, and the draft socket types with zeromq.js's names (`zeromq/draft`), plus
 * Peer and Channel. They send and receive single frames only; SERVER and PEER address peers by routing id.
 */
const DRAFT_READS = ["[Symbol.asyncIterator]", "receive"];
const EXPECTED_DRAFT_SURFACE: Record<string, string | string[]> = {
  ...EXPECTED_SURFACE,
  // Those whose messages carry no options have the batch path too (trySend/sendMany, tryReceive/receiveMany).
  Channel: socket(...READS, ...WRITES),
  Client: socket(...DRAFT_READS, "send"),
  // DGRAM (udp only): [address, body] messages, with the batch path of the other socket types.
  Datagram: socket(...READS, ...WRITES, "multicastHops", "multicastLoop"),
  Dish: socket(...DRAFT_READS, "join", "leave"),
  DishGroupOptions: "InterfaceDeclaration",
  Gather: socket(...READS),
  GatherOptions: "InterfaceDeclaration",
  Peer: socket(...DRAFT_READS, "send", "connectPeer"),
  Radio: socket("send", "maxGroupsPerPeer", "multicastHops", "multicastLoop"),
  RadioGroupOptions: "InterfaceDeclaration",
  RadioOptions: "InterfaceDeclaration",
  RoutingIdOptions: "InterfaceDeclaration",
  Scatter: socket(...WRITES),
  ScatterOptions: "InterfaceDeclaration",
  Server: socket(...DRAFT_READS, "send"),
  ServerRoutingOptions: "InterfaceDeclaration",
};

const root = path.resolve(import.meta.dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  files: string[];
  scripts: Record<string, string>;
  exports: Record<string, { import: { types: string; default: string }; require: { types: string; default: string } }>;
};

/** What a fresh clone has that a build needs: no dist/, no node_modules (those are linked in). */
const SOURCES = ["package.json", "tsconfig.json", "tsup.config.ts", "browser.config.ts", "src", "README.md", "LICENSE"];
/**
 * Every file of the packed package: each export's four targets, their source maps, README, LICENSE, and the
 * chunk "zmtp" and "zmtp/draft" share (dist/internal/zmtp.*, and the declarations' dist/index-<hash>.d.*).
 */
const PACKED = [
  "LICENSE", "README.md", "dist/browser/index.js", "dist/browser/index.js.map", "dist/draft.cjs", "dist/draft.cjs.map", "dist/draft.d.cts", "dist/draft.d.ts", "dist/draft.js",
  "dist/draft.js.map", "dist/index-<hash>.d.cts", "dist/index-<hash>.d.ts", "dist/index.cjs", "dist/index.cjs.map",
  "dist/index.d.cts", "dist/index.d.ts", "dist/index.js", "dist/index.js.map", "dist/internal/zmtp.cjs",
  "dist/internal/zmtp.cjs.map", "dist/internal/zmtp.js", "dist/internal/zmtp.js.map", "dist/v5-compat/index.cjs",
  "dist/v5-compat/index.cjs.map", "dist/v5-compat/index.d.cts", "dist/v5-compat/index.d.ts", "dist/v5-compat/index.js",
  "dist/v5-compat/index.js.map", "package.json",
];
/** The declarations' shared chunk is named by a content hash: `dist/index-<hash>.d.ts`. */
const withoutHash = (file: string): string => file.replace(/^dist\/index-[\w-]+\.d\.(c?)ts$/, "dist/index-<hash>.d.$1ts");

let work = "";
/** The packed package, unpacked: what `npm install` of a git URL, a path or the tarball puts in node_modules. */
let unpacked = "";
let packedFiles: string[] = [];

type Api = Record<string, unknown>;
type ErrorClass = new (...args: never[]) => Error;
interface Closable {
  close(): unknown;
  send(message: string): Promise<void>;
}

/**
 * The published package as a fresh clone builds it: the sources copied into a temporary directory (no
 * dist/), node_modules linked in (so no network is needed), then `npm pack`, whose `prepare` script runs
 * the tsup build; the tarball is unpacked and every test below loads the package from there.
 */
describe("package: npm pack in a fresh clone (prepare builds dist with tsup)", () => {
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-pack-"));
    const clone = path.join(work, "clone");
    for (const entry of SOURCES) fs.cpSync(path.join(root, entry), path.join(clone, entry), { recursive: true });
    fs.symlinkSync(path.join(root, "node_modules"), path.join(clone, "node_modules"), "junction");
    execFileSync("npm", ["pack", "--pack-destination", work], {
      cwd: clone,
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32",
      env: {
        // As typed in a shell: not the settings of the npm running this test (its local prefix is the project).
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
        npm_config_offline: "true",
        npm_config_audit: "false",
        npm_config_fund: "false",
        npm_config_update_notifier: "false",
      },
    });
    const tarball = path.join(work, `${pkg.name}-${pkg.version}.tgz`);
    packedFiles = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line !== "" && !line.endsWith("/"))
      .map((line) => line.replace(/^package\//, ""))
      .sort();
    execFileSync("tar", ["-xzf", tarball, "-C", work]);
    unpacked = path.join(work, "package");
  }, 180_000);
  afterAll(() => {
    if (work !== "") fs.rmSync(work, { recursive: true, force: true });
  });

  function built(file: string): string {
    return path.join(unpacked, file);
  }

  /** A declaration file of the package, and the modules its re-exports name (read relative to it). */
  function declarationsOf(file: string): { text: string; load: (specifier: string) => string } {
    const dir = path.dirname(built(file));
    const load = (specifier: string): string => fs.readFileSync(path.join(dir, specifier.replace(/\.(c?)js$/, ".d.$1ts")), "utf8");
    return { text: fs.readFileSync(built(file), "utf8"), load };
  }

  /** A declaration file's surface, through the shared chunk it re-exports from. */
  function surfaceOf(file: string): ReturnType<typeof declarationSurface> {
    const { text, load } = declarationsOf(file);
    return declarationSurface(text, load);
  }

  async function loadBoth(): Promise<{ esm: Api; cjs: Api }> {
    const entry = pkg.exports["."]!;
    const esm = (await import(pathToFileURL(built(entry.import.default)).href)) as Api;
    const cjs = createRequire(import.meta.url)(built(entry.require.default)) as Api;
    return { esm, cjs };
  }

  it("package.json builds on install and pack: a prepare script running tsup", () => {
    expect(pkg.scripts.prepare).toBe("npm run build");
    expect(pkg.scripts.build).toBe("tsup");
    expect(pkg.files).toContain("dist");
    expect(fs.existsSync(path.join(work, "clone", "dist", "index.js")), "prepare built dist/ in the clone").toBe(true);
  });

  it("the tarball holds the complete package and nothing else", () => {
    expect(packedFiles.map(withoutHash).sort()).toEqual(PACKED);
  });

  it("emits every file the exports map points at", () => {
    const entry = pkg.exports["."]!;
    for (const file of [entry.import.default, entry.import.types, entry.require.default, entry.require.types]) {
      expect(fs.existsSync(built(file)), file).toBe(true);
    }
  });

  it("ESM and CJS builds load and export the same API", async () => {
    const { esm, cjs } = await loadBoth();
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

  it("an error from either entry passes instanceof of both entries' classes (subclass relation kept) and has its code", async () => {
    const { esm, cjs } = await loadBoth();
    expect(esm.ZmqError).not.toBe(cjs.ZmqError); // two bundles, two copies of each class
    const kinds = ["ZmqError", "ProtocolError", "AuthError", "HandshakeError"] as const;
    const isA: Record<(typeof kinds)[number], readonly string[]> = {
      ZmqError: ["ZmqError"],
      ProtocolError: ["ZmqError", "ProtocolError"],
      AuthError: ["ZmqError", "AuthError"],
      HandshakeError: ["ZmqError", "HandshakeError"],
    };
    for (const [from, to] of [[esm, cjs], [cjs, esm], [esm, esm], [cjs, cjs]] as const) {
      const cls = (api: Api, name: string): ErrorClass => api[name] as ErrorClass;
      // A real one: send() on a closed socket rejects with EBADF.
      const push = new (from.Push as new () => Closable)();
      push.close();
      const closed = (await push.send("x").catch((e: unknown) => e)) as Error & { code: string; errno: number };
      expect(closed).toMatchObject({ code: "EBADF", errno: 9 });
      expect(closed).toBeInstanceOf(Error);
      expect(closed).toBeInstanceOf(cls(to, "ZmqError"));
      for (const other of ["ProtocolError", "AuthError", "HandshakeError"]) expect(closed instanceof cls(to, other)).toBe(false);

      const made = {
        ZmqError: new (from.ZmqError as new (code: string, message: string) => Error)("EINVAL", "x"),
        ProtocolError: new (from.ProtocolError as new (message: string, code: string) => Error)("x", "ERR_ZMTP_MECHANISM_MISMATCH"),
        AuthError: new (from.AuthError as new (message: string, status: number) => Error)("x", 400),
        HandshakeError: new (from.HandshakeError as new (code: string, message: string) => Error)("ETIMEDOUT", "x"),
      };
      for (const kind of kinds) {
        for (const name of kinds) expect(made[kind] instanceof cls(to, name), `${kind} instanceof ${name}`).toBe(isA[kind].includes(name));
      }
      expect(made.ProtocolError).toMatchObject({ code: "ERR_ZMTP_MECHANISM_MISMATCH", errno: 71 });
      expect(made.AuthError).toMatchObject({ code: "EACCES", status: 400 });
      expect(made.HandshakeError).toMatchObject({ code: "ETIMEDOUT" });
    }
  });

  it("exposes exactly the public API: no pipe, session or engine member on any exported class", () => {
    const entry = pkg.exports["."]!;
    for (const file of [entry.import.types, entry.require.types]) expect(surfaceOf(file), file).toEqual(EXPECTED_SURFACE);
  });

  it("declarations describe the socket classes", () => {
    const { text, load } = declarationsOf(pkg.exports["."]!.import.types);
    const chunk = /from '(\.\/index-[\w-]+\.js)'/.exec(text);
    const types = chunk === null ? text : load(chunk[1]!);
    expect(types).toMatch(/declare class Push\b/);
    expect(types).toMatch(/receive\(\): Promise<Buffer\[\]>/);
  });

  /**
   * `zmtp/v5-compat` as a program names it, from a directory with the packed package in node_modules, for
   * `import` and `require`: it must resolve, and run over the same copy of zmtp as "zmtp" (its v5 push
   * reaches a zmtp Pull over inproc, which only one shared registry allows).
   */
  it("zmtp/v5-compat resolves from the packed package for import and require, over the same zmtp as \"zmtp\"", () => {
    const consumer = path.join(work, "consumer");
    fs.mkdirSync(path.join(consumer, "node_modules"), { recursive: true });
    if (!fs.existsSync(path.join(consumer, "node_modules", "zmtp"))) {
      fs.symlinkSync(unpacked, path.join(consumer, "node_modules", "zmtp"), "junction");
    }
    const body = `
      const pull = new zmtp.Pull();
      await pull.bind("inproc://v5-compat-packed");
      const push = v5.socket("push");
      push.connect("inproc://v5-compat-packed");
      push.send(["a", 1]);
      const frames = await pull.receive();
      push.close();
      pull.close();
      console.log(JSON.stringify({ socket: typeof v5.socket, push: v5.ZMQ_PUSH, version: v5.version === zmtp.version, frames: frames.map(String) }));`;
    const programs = {
      import: [`import * as v5 from "zmtp/v5-compat"; import * as zmtp from "zmtp";`, body].join("\n"),
      require: [`const v5 = require("zmtp/v5-compat"); const zmtp = require("zmtp");`, `(async () => {${body}})();`].join("\n"),
    };
    for (const [how, program] of Object.entries(programs)) {
      const args = how === "import" ? ["--input-type=module", "-e", program] : ["-e", program];
      const out = execFileSync(process.execPath, args, { cwd: consumer, encoding: "utf8", timeout: 20_000 });
      expect(JSON.parse(out), how).toEqual({ socket: "function", push: 8, version: true, frames: ["a", "1"] });
    }
    const entry = pkg.exports["./v5-compat"]!;
    for (const file of [entry.import.default, entry.import.types, entry.require.default, entry.require.types]) {
      expect(fs.existsSync(built(file)), file).toBe(true);
    }
  });

  it("zmtp/draft declares everything zmtp does, and the draft socket types", () => {
    const entry = pkg.exports["./draft"]!;
    for (const file of [entry.import.types, entry.require.types]) expect(surfaceOf(file), file).toEqual(EXPECTED_DRAFT_SURFACE);
  });

  /**
   * `zmtp/draft` from the packed package, for `import` and `require`, beside "zmtp": one copy of zmtp (the
   * entries share one chunk), so a draft socket is a `zmtp` Socket, their errors are one class, and an
   * inproc name bound through one entry is taken for the other.
   */
  it("zmtp/draft resolves from the packed package for import and require, over the same zmtp as \"zmtp\"", () => {
    const consumer = path.join(work, "consumer-draft");
    fs.mkdirSync(path.join(consumer, "node_modules"), { recursive: true });
    fs.symlinkSync(unpacked, path.join(consumer, "node_modules", "zmtp"), "junction");
    const body = `
      const server = new draft.Server();
      await server.bind("inproc://draft-packed");
      const client = new draft.Client();
      client.connect("inproc://draft-packed");
      await client.send("hello");
      const [frame, { routingId }] = await server.receive();
      const pull = new zmtp.Pull();
      const taken = await pull.bind("inproc://draft-packed").then(() => "bound", (err) => err.code);
      const error = await server.send("x", { routingId: routingId + 1 }).catch((err) => err);
      for (const socket of [client, server, pull]) socket.close();
      console.log(JSON.stringify({
        frame: String(frame), routingId: routingId > 0, taken, socket: server instanceof zmtp.Socket,
        error: error instanceof zmtp.ZmqError && error.code, same: draft.ZmqError === zmtp.ZmqError && draft.Push === zmtp.Push,
        types: [draft.Server, draft.Client, draft.Radio, draft.Dish, draft.Gather, draft.Scatter, draft.Peer, draft.Channel].map((S) => {
          const socket = new S();
          socket.close();
          return socket.type;
        }),
      }));`;
    const programs = {
      import: [`import * as draft from "zmtp/draft"; import * as zmtp from "zmtp";`, body].join("\n"),
      require: [`const draft = require("zmtp/draft"); const zmtp = require("zmtp");`, `(async () => {${body}})();`].join("\n"),
    };
    for (const [how, program] of Object.entries(programs)) {
      const args = how === "import" ? ["--input-type=module", "-e", program] : ["-e", program];
      const out = execFileSync(process.execPath, args, { cwd: consumer, encoding: "utf8", timeout: 20_000 });
      expect(JSON.parse(out), how).toEqual({
        frame: "hello", routingId: true, taken: "EADDRINUSE", socket: true, error: "EHOSTUNREACH", same: true,
        types: [12, 13, 14, 15, 16, 17, 19, 20],
      });
    }
    const entry = pkg.exports["./draft"]!;
    for (const file of [entry.import.default, entry.import.types, entry.require.default, entry.require.types]) {
      expect(fs.existsSync(built(file)), file).toBe(true);
    }
  });

  /**
   * CURVE's crypto (@noble/curves, @noble/ciphers) ships only as ES modules, which require() cannot load
   * before Node.js 20.19: both builds carry it. A program with nothing but the packed zmtp in node_modules
   * runs a CURVE handshake and message through `require("zmtp")` and `import "zmtp"`.
   */
  it("CURVE works from the packed package through require and import, with no @noble package beside it", () => {
    const entry = pkg.exports["."]!;
    for (const file of [entry.import.default, entry.require.default]) {
      expect(fs.readFileSync(built(file), "utf8"), file).not.toMatch(/(require\(|from |import\()\s*["']@noble\//);
    }
    const consumer = path.join(work, "consumer-curve");
    fs.mkdirSync(path.join(consumer, "node_modules"), { recursive: true });
    fs.symlinkSync(unpacked, path.join(consumer, "node_modules", "zmtp"), "junction");
    const body = `
      const serverKeys = zmtp.curveKeyPair();
      const clientKeys = zmtp.curveKeyPair();
      const server = new zmtp.Pair({ linger: 0 });
      server.curveServer = true;
      server.curveSecretKey = serverKeys.secretKey;
      await server.bind("tcp://127.0.0.1:*");
      const client = new zmtp.Pair({ linger: 0 });
      client.curveServerKey = serverKeys.publicKey;
      client.curvePublicKey = clientKeys.publicKey;
      client.curveSecretKey = clientKeys.secretKey;
      client.connect(server.lastEndpoint);
      await client.send(["sealed", "twice"]);
      const frames = await server.receive();
      client.close();
      server.close();
      console.log(JSON.stringify({ frames: frames.map(String), mechanism: client.securityMechanism, keys: serverKeys.publicKey.length }));`;
    const programs = {
      import: [`import * as zmtp from "zmtp";`, body].join("\n"),
      require: [`const zmtp = require("zmtp");`, `(async () => {${body}})();`].join("\n"),
    };
    for (const [how, program] of Object.entries(programs)) {
      const args = how === "import" ? ["--input-type=module", "-e", program] : ["-e", program];
      const out = execFileSync(process.execPath, args, { cwd: consumer, encoding: "utf8", timeout: 20_000 });
      expect(JSON.parse(out), how).toEqual({ frames: ["sealed", "twice"], mechanism: "curve", keys: 40 });
    }
  });

  it("zmtp/v5-compat declares v5's API, standing alone (no chunk shared with the main entry)", () => {
    const entry = pkg.exports["./v5-compat"]!;
    for (const file of [entry.import.types, entry.require.types]) {
      const types = fs.readFileSync(built(file), "utf8");
      expect(types, file).not.toMatch(/from '\.\.?\//);
      const surface = declarationSurface(types);
      expect(surface.Socket, file).toEqual(expect.arrayContaining([
        "bind", "bindSync", "close", "closed", "connect", "disconnect", "getsockopt", "identity", "linger", "monitor",
        "pause", "read", "resume", "send", "setsockopt", "subscribe", "type", "unbind", "unbindSync", "unmonitor",
        "unsubscribe",
      ]));
      for (const name of ["socket", "createSocket", "Context", "options", "version", "proxy", "curveKeypair", "ZMQ_SNDMORE", "ZMQ_PUSH"]) {
        expect(surface, `${file}: ${name}`).toHaveProperty(name);
      }
    }
  });
});
