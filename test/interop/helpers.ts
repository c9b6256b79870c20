/**
 * Shared machinery for the interop suite: one zmtp socket on one end, one libzmq (zeromq.js v6) socket on
 * the other. Everything here is plain data and small helpers; the test files build their matrices from it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { delay, within } from "../helpers/wait.js";

export type Impl = "zmtp" | "libzmq";
export type Kind = "PUSH" | "PULL" | "REQ" | "REP" | "DEALER" | "ROUTER" | "PAIR";
export type Transport = "tcp" | "ipc";
/** The matrix also runs over "ws": ZWS 2.0 (RFC 45), libzmq's ws:// transport (matrix-ws.test.ts). */
export type MatrixTransport = Transport | "ws";
export type Frame = Buffer | string;

export const TRANSPORTS: readonly Transport[] = ["tcp", "ipc"];

/** Generous bound on every wait so that a broken case fails instead of hanging. */
export const WAIT_MS = 5000;

export interface SocketOpts {
  routingId?: string;
  receiveTimeout?: number;
  sendTimeout?: number;
}

/** What the tests need from either implementation; both mirror zeromq.js v6. */
export interface TestSocket {
  readonly impl: Impl;
  readonly kind: Kind;
  readonly label: string;
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  send(message: Frame | Frame[]): Promise<void>;
  receive(): Promise<Buffer[]>;
  readonly lastEndpoint: string;
  /** The zeromq.js socket (libzmq side only), e.g. to observe its events. */
  readonly native: zmq.Socket | undefined;
  /** The zmtp socket (zmtp side only). */
  readonly zmtp: zmtp.Socket | undefined;
  /** linger 0 and close; resolves when the socket is fully closed (zmtp's close promise). */
  close(): Promise<void>;
}

type ZmtpCtor = new (options?: zmtp.SocketOptions) => zmtp.Socket;
type ZmqCtor = new (options?: object) => zmq.Socket;

const ZMTP_CTORS: Record<Kind, ZmtpCtor> = {
  PUSH: zmtp.Push,
  PULL: zmtp.Pull,
  REQ: zmtp.Request,
  REP: zmtp.Reply,
  DEALER: zmtp.Dealer,
  ROUTER: zmtp.Router,
  PAIR: zmtp.Pair,
};

const ZMQ_CTORS: Record<Kind, ZmqCtor> = {
  PUSH: zmq.Push,
  PULL: zmq.Pull,
  REQ: zmq.Request,
  REP: zmq.Reply,
  DEALER: zmq.Dealer,
  ROUTER: zmq.Router,
  PAIR: zmq.Pair,
};

/** Which kinds receive: zeromq.js rejects receiveTimeout on a Push (and sendTimeout on a Pull). */
const RECEIVES: Record<Kind, boolean> = {
  PUSH: false,
  PULL: true,
  REQ: true,
  REP: true,
  DEALER: true,
  ROUTER: true,
  PAIR: true,
};

function defaultOptions(kind: Kind, opts: SocketOpts): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (kind !== "PULL") options.sendTimeout = opts.sendTimeout ?? WAIT_MS;
  if (RECEIVES[kind]) options.receiveTimeout = opts.receiveTimeout ?? WAIT_MS;
  if (opts.routingId !== undefined) options.routingId = opts.routingId;
  return options;
}

export function createSocket(impl: Impl, kind: Kind, opts: SocketOpts = {}): TestSocket {
  const options = defaultOptions(kind, opts);
  const label = `${impl} ${kind}`;
  if (impl === "zmtp") {
    const sock = new ZMTP_CTORS[kind](options);
    return {
      impl,
      kind,
      label,
      bind: (endpoint) => sock.bind(endpoint),
      connect: (endpoint) => {
        sock.connect(endpoint);
      },
      // Each class has only what its type supports; the tests call what the pair allows.
      send: (message) => (sock as unknown as zmtp.Writable).send(message),
      receive: () => (sock as unknown as zmtp.Readable).receive(),
      get lastEndpoint() {
        return sock.lastEndpoint ?? "";
      },
      native: undefined,
      zmtp: sock,
      close: async () => {
        if (sock.closed) return;
        sock.linger = 0;
        await within(sock.closeAndWait(), `close() of ${label}`, WAIT_MS);
      },
    };
  }
  const sock = new ZMQ_CTORS[kind](options);
  const writable = sock as unknown as zmq.Writable;
  const readable = sock as unknown as zmq.Readable;
  return {
    impl,
    kind,
    label,
    bind: (endpoint) => sock.bind(endpoint),
    connect: (endpoint) => {
      sock.connect(endpoint);
    },
    send: (message) => writable.send(message),
    receive: () => readable.receive(),
    get lastEndpoint() {
      return sock.lastEndpoint ?? "";
    },
    native: sock,
    zmtp: undefined,
    close: async () => {
      if (sock.closed) return;
      sock.linger = 0;
      sock.close();
    },
  };
}

/**
 * Registers an afterEach that closes (linger 0) every socket the test opened through the returned factory,
 * libzmq ones first so that no zmtp close waits on a peer.
 */
export function useSockets(): (impl: Impl, kind: Kind, opts?: SocketOpts) => TestSocket {
  const open: TestSocket[] = [];
  afterEach(async () => {
    const sockets = open.splice(0);
    const errors: unknown[] = [];
    for (const sock of sockets) {
      if (sock.impl === "libzmq") await sock.close().catch((err: unknown) => errors.push(err));
    }
    await Promise.all(
      sockets.filter((s) => s.impl === "zmtp").map((s) => s.close().catch((err: unknown) => errors.push(err))),
    );
    if (errors.length > 0) throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
  });
  return (impl, kind, opts) => {
    const sock = createSocket(impl, kind, opts);
    open.push(sock);
    return sock;
  };
}

/** A private temporary directory for ipc socket files, removed after the file's tests. */
export function useIpcDir(): () => string {
  let dir: string | undefined;
  let counter = 0;
  afterAll(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-interop-"));
    counter++;
    return `ipc://${path.join(dir, `${process.pid}-${counter}.sock`)}`;
  };
}

/** The endpoint to bind: ephemeral tcp port (zmtp `:0`, libzmq `:*`) or a fresh ipc path. */
export function bindAddress(transport: MatrixTransport, impl: Impl, ipcEndpoint: () => string): string {
  if (transport === "ipc") return ipcEndpoint();
  if (transport === "ws") return impl === "zmtp" ? "ws://127.0.0.1:0/zmq" : "ws://127.0.0.1:*/zmq";
  return impl === "zmtp" ? "tcp://127.0.0.1:0" : "tcp://127.0.0.1:*";
}

/** Binds `binder`, connects `connecter` to the resolved endpoint, and returns that endpoint. */
export async function link(
  binder: TestSocket,
  connecter: TestSocket,
  transport: MatrixTransport,
  ipcEndpoint: () => string,
): Promise<string> {
  await binder.bind(bindAddress(transport, binder.impl, ipcEndpoint));
  const endpoint = binder.lastEndpoint;
  if (transport === "tcp" && !/^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/.test(endpoint)) {
    throw new Error(`${binder.label}: unexpected lastEndpoint ${JSON.stringify(endpoint)}`);
  }
  if (transport === "ws" && !/^ws:\/\/127\.0\.0\.1:[1-9]\d*\/zmq$/.test(endpoint)) {
    throw new Error(`${binder.label}: unexpected lastEndpoint ${JSON.stringify(endpoint)}`);
  }
  if (transport === "ipc" && !endpoint.startsWith("ipc://")) {
    throw new Error(`${binder.label}: unexpected lastEndpoint ${JSON.stringify(endpoint)}`);
  }
  connecter.connect(endpoint);
  return endpoint;
}

// ---- message content --------------------------------------------------------------------------------------

export const EMPTY = Buffer.alloc(0);

/** A deterministic pattern that detects shifted, dropped or repeated bytes (not periodic in 256). */
export function patternBuffer(size: number, seed = 1): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf[i] = x & 0xff;
  }
  return buf;
}

/** Undefined if `actual` has exactly the frames of `expected`, else a short description of the first difference. */
export function framesDiff(actual: readonly Buffer[], expected: readonly Frame[]): string | undefined {
  if (actual.length !== expected.length) {
    return `expected ${expected.length} frames, got ${actual.length}: [${actual.map(preview).join(", ")}]`;
  }
  for (let f = 0; f < expected.length; f++) {
    const want = Buffer.from(expected[f]!);
    const got = actual[f]!;
    if (!Buffer.isBuffer(got)) return `frame ${f} is not a Buffer`;
    if (got.equals(want)) continue;
    if (got.length !== want.length) return `frame ${f}: expected ${want.length} bytes, got ${got.length}`;
    let at = 0;
    while (got[at] === want[at]) at++;
    return `frame ${f}: first difference at byte ${at} of ${want.length}`;
  }
  return undefined;
}

function preview(frame: Buffer): string {
  return frame.length > 32 ? `<${frame.length} bytes>` : JSON.stringify(frame.toString("latin1"));
}

/** Undefined if `received` is exactly 0..n-1 in order, else where it first goes wrong. */
export function sequenceDiff(received: readonly number[], n: number): string | undefined {
  for (let i = 0; i < Math.min(received.length, n); i++) {
    if (received[i] !== i) return `position ${i}: expected ${i}, got ${received[i]} (received ${received.length} of ${n})`;
  }
  if (received.length !== n) return `received ${received.length} of ${n} messages in order, then nothing`;
  return undefined;
}

export function seqFrame(i: number): Buffer {
  return Buffer.from(`m${i}`);
}

export function parseSeq(body: readonly Buffer[]): number {
  const text = body.length === 1 ? body[0]!.toString() : "";
  const n = /^m(\d+)$/.test(text) ? Number(text.slice(1)) : NaN;
  if (Number.isNaN(n)) throw new Error(`not a sequence message: [${body.map(preview).join(", ")}]`);
  return n;
}

// ---- pattern specs ----------------------------------------------------------------------------------------

/**
 * One valid socket pair, seen from A (the side that starts: PUSH, REQ, DEALER, PAIR) and B (the side that
 * answers, if the pattern has a reply path). The functions put a body into each type's envelope and take it out.
 */
export interface PairSpec {
  readonly a: Kind;
  readonly b: Kind;
  readonly name: string;
  /** DEALER–DEALER and PAIR–PAIR: the same type on both ends. */
  readonly symmetric: boolean;
  /** B answers each message (all but PUSH–PULL). */
  readonly replies: boolean;
  /** A must wait for each reply before the next request (REQ). */
  readonly lockstep: boolean;
  /** What A sends to carry `body`. */
  wrapA(body: Frame[]): Frame[];
  /** Splits what B received into the envelope to reply with and the body. */
  unwrapB(message: Buffer[]): { envelope: Buffer[]; body: Buffer[] };
  /** The body of a reply A received (checks and strips any delimiter). */
  unwrapA(message: Buffer[]): Buffer[];
}

const identity = (body: Frame[]): Frame[] => body;
const bodyOnly = (message: Buffer[]): { envelope: Buffer[]; body: Buffer[] } => ({ envelope: [], body: message });
const same = (message: Buffer[]): Buffer[] => message;

function stripDelimiter(message: Buffer[], where: string): Buffer[] {
  if (message.length < 1 || message[0]!.length !== 0) {
    throw new Error(`${where}: expected an empty delimiter frame first, got [${message.map(preview).join(", ")}]`);
  }
  return message.slice(1);
}

export const PAIRS: readonly PairSpec[] = [
  {
    a: "PUSH",
    b: "PULL",
    name: "PUSH-PULL",
    symmetric: false,
    replies: false,
    lockstep: false,
    wrapA: identity,
    unwrapB: bodyOnly,
    unwrapA: same,
  },
  {
    a: "REQ",
    b: "REP",
    name: "REQ-REP",
    symmetric: false,
    replies: true,
    lockstep: true,
    wrapA: identity,
    unwrapB: bodyOnly,
    unwrapA: same,
  },
  {
    a: "REQ",
    b: "ROUTER",
    name: "REQ-ROUTER",
    symmetric: false,
    replies: true,
    lockstep: true,
    wrapA: identity,
    unwrapB: (message) => {
      if (message.length < 2 || message[1]!.length !== 0) {
        throw new Error(`ROUTER from REQ: expected [id, "", ...body], got [${message.map(preview).join(", ")}]`);
      }
      return { envelope: message.slice(0, 2), body: message.slice(2) };
    },
    unwrapA: same,
  },
  {
    a: "DEALER",
    b: "REP",
    name: "DEALER-REP",
    symmetric: false,
    replies: true,
    lockstep: false,
    wrapA: (body) => [EMPTY, ...body],
    unwrapB: bodyOnly,
    unwrapA: (message) => stripDelimiter(message, "DEALER from REP"),
  },
  {
    a: "DEALER",
    b: "ROUTER",
    name: "DEALER-ROUTER",
    symmetric: false,
    replies: true,
    lockstep: false,
    wrapA: identity,
    unwrapB: (message) => {
      if (message.length < 2) throw new Error(`ROUTER from DEALER: expected [id, ...body], got ${message.length} frames`);
      return { envelope: message.slice(0, 1), body: message.slice(1) };
    },
    unwrapA: same,
  },
  {
    a: "DEALER",
    b: "DEALER",
    name: "DEALER-DEALER",
    symmetric: true,
    replies: true,
    lockstep: false,
    wrapA: identity,
    unwrapB: bodyOnly,
    unwrapA: same,
  },
  {
    a: "PAIR",
    b: "PAIR",
    name: "PAIR-PAIR",
    symmetric: true,
    replies: true,
    lockstep: false,
    wrapA: identity,
    unwrapB: bodyOnly,
    unwrapA: same,
  },
];

/** Who is zmtp and who binds. */
export interface Placement {
  /** Which end (A or B) is the zmtp socket; the other is libzmq. */
  readonly zmtpEnd: "A" | "B";
  /** Which end binds; the other connects. */
  readonly binder: "A" | "B";
}

/** The combinations to run for a pair: all four, or for a symmetric pair zmtp binds / libzmq binds. */
export function placements(spec: PairSpec): Placement[] {
  if (spec.symmetric) {
    return [
      { zmtpEnd: "A", binder: "A" },
      { zmtpEnd: "A", binder: "B" },
    ];
  }
  return [
    { zmtpEnd: "A", binder: "A" },
    { zmtpEnd: "A", binder: "B" },
    { zmtpEnd: "B", binder: "A" },
    { zmtpEnd: "B", binder: "B" },
  ];
}

export function describePlacement(spec: PairSpec, p: Placement): string {
  const end = (e: "A" | "B"): string => {
    const impl = p.zmtpEnd === e ? "zmtp" : "libzmq";
    const kind = e === "A" ? spec.a : spec.b;
    return `${impl} ${kind} (${p.binder === e ? "bind" : "connect"})`;
  };
  return `${end("A")} <-> ${end("B")}`;
}

// ---- running exchanges ------------------------------------------------------------------------------------

/** Awaits every task; throws the first failure only after all have settled (no stray rejections). */
export async function settleAll(tasks: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  for (const result of results) {
    if (result.status === "rejected") {
      throw result.reason instanceof Error ? result.reason : new Error(String(result.reason));
    }
  }
}

/**
 * Sends `n` numbered messages from A; B checks each and (if the pattern has a reply path) sends it back;
 * A collects the replies. At most `window` messages are unanswered at any time, so no queue reaches its
 * high-water mark (where ROUTER and REP would drop, as libzmq does). Returns what each end saw, in order.
 */
export async function streamSequence(
  spec: PairSpec,
  a: TestSocket,
  b: TestSocket,
  n: number,
  window = 200,
): Promise<{ atB: number[]; atA: number[] }> {
  const atB: number[] = [];
  const atA: number[] = [];

  if (spec.lockstep) {
    for (let i = 0; i < n; i++) {
      await a.send(spec.wrapA([seqFrame(i)]));
      const { envelope, body } = spec.unwrapB(await b.receive());
      atB.push(parseSeq(body));
      await b.send([...envelope, ...body]);
      atA.push(parseSeq(spec.unwrapA(await a.receive())));
    }
    return { atB, atA };
  }

  let answered = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const sender = (async () => {
    for (let i = 0; i < n; i++) {
      while (spec.replies && i - answered >= window) {
        if (stopped) throw new Error(`sender stopped after ${i} messages: the receiving side failed`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
      await a.send(spec.wrapA([seqFrame(i)]));
    }
  })();
  const server = (async () => {
    for (let i = 0; i < n; i++) {
      const { envelope, body } = spec.unwrapB(await b.receive());
      atB.push(parseSeq(body));
      if (spec.replies) await b.send([...envelope, ...body]);
    }
  })();
  const client = spec.replies
    ? (async () => {
        try {
          for (let i = 0; i < n; i++) {
            atA.push(parseSeq(spec.unwrapA(await a.receive())));
            answered++;
            notify();
          }
        } finally {
          stopped = true;
          notify();
        }
      })()
    : Promise.resolve();
  await settleAll([sender, server, client]);
  return { atB, atA };
}

/** One message A → B, and back along the reply path if the pattern has one; returns both bodies seen. */
export async function exchange(
  spec: PairSpec,
  a: TestSocket,
  b: TestSocket,
  body: Frame[],
): Promise<{ atB: Buffer[]; atA: Buffer[] | undefined }> {
  await a.send(spec.wrapA(body));
  const { envelope, body: atB } = spec.unwrapB(await b.receive());
  if (!spec.replies) return { atB, atA: undefined };
  // Copies: libzmq 4.3.5's ws:// client masks a large frame in the very buffer it was given to send, so
  // echoing atB itself would change what the test then checks.
  await b.send([...envelope, ...atB.map((frame) => Buffer.from(frame))]);
  return { atB, atA: spec.unwrapA(await a.receive()) };
}

// ---- libzmq events ----------------------------------------------------------------------------------------

/**
 * Resolves with the first of `types` that the libzmq socket reports (registers the listener at once, so
 * call it before the action that triggers the event). Rejects after `ms`.
 */
export function nextEvent(sock: zmq.Socket, types: readonly zmq.EventType[], ms = WAIT_MS): Promise<zmq.Event> {
  return new Promise<zmq.Event>((resolve, reject) => {
    const listeners: [zmq.EventType, (e: zmq.Event) => void][] = [];
    const done = (): void => {
      clearTimeout(timer);
      for (const [type, listener] of listeners) sock.events.off(type, listener);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${types.join(" / ")} event within ${ms} ms`));
    }, ms);
    for (const type of types) {
      const listener = (e: zmq.Event): void => {
        done();
        resolve(e);
      };
      listeners.push([type, listener]);
      sock.events.on(type, listener);
    }
  });
}

/** Binds, retrying briefly while the port or path is still held by a socket just closed. */
export async function bindRetrying(sock: TestSocket, endpoint: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await sock.bind(endpoint);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== "EADDRINUSE" || attempt >= 50) throw err;
      await delay(50);
    }
  }
}

// ---- the pattern matrix -----------------------------------------------------------------------------------

/** Round-trips for the sequence test: fewer for REQ's strict alternation, 10,000 otherwise. */
export function sequenceLength(spec: PairSpec): number {
  return spec.lockstep ? 1000 : 10_000;
}

/**
 * For every valid pair and placement over `transport`: multipart with an empty middle frame, one 0-byte
 * frame, a 1 MiB frame, and a long run checked for order, each along the reply path where there is one.
 */
export function defineMatrix(transport: MatrixTransport): void {
  const socket = useSockets();
  const ipcEndpoint = useIpcDir();

  async function setup(spec: PairSpec, p: Placement): Promise<{ a: TestSocket; b: TestSocket }> {
    const a = socket(p.zmtpEnd === "A" ? "zmtp" : "libzmq", spec.a);
    const b = socket(p.zmtpEnd === "B" ? "zmtp" : "libzmq", spec.b);
    if (p.binder === "A") await link(a, b, transport, ipcEndpoint);
    else await link(b, a, transport, ipcEndpoint);
    return { a, b };
  }

  describe.each(PAIRS.map((spec) => [spec.name, spec] as const))(`%s over ${transport}`, (_name, spec) => {
    describe.each(placements(spec).map((p) => [describePlacement(spec, p), p] as const))("%s", (_label, p) => {
      test("multipart message with an empty middle frame", async () => {
        const { a, b } = await setup(spec, p);
        const body: Frame[] = ["first", EMPTY, "third", Buffer.from([0, 1, 2, 255])];
        const { atB, atA } = await exchange(spec, a, b, body);
        expect(framesDiff(atB, body)).toBeUndefined();
        if (spec.replies) expect(framesDiff(atA!, body)).toBeUndefined();
      });

      test("single 0-byte frame", async () => {
        const { a, b } = await setup(spec, p);
        const { atB, atA } = await exchange(spec, a, b, [EMPTY]);
        expect(framesDiff(atB, [EMPTY])).toBeUndefined();
        if (spec.replies) expect(framesDiff(atA!, [EMPTY])).toBeUndefined();
      });

      test("1 MiB frame arrives byte for byte", async () => {
        const { a, b } = await setup(spec, p);
        const big = patternBuffer(1024 * 1024, 0x5eed);
        const { atB, atA } = await exchange(spec, a, b, [big]);
        // Compared with a fresh pattern: a libzmq ws:// client sending `big` masks it in place (see exchange).
        const expected = patternBuffer(1024 * 1024, 0x5eed);
        expect(framesDiff(atB, [expected])).toBeUndefined();
        if (spec.replies) expect(framesDiff(atA!, [expected])).toBeUndefined();
      });

      const n = sequenceLength(spec);
      test(`${n} messages arrive in order${spec.replies ? " (and back)" : ""}`, { timeout: 30_000 }, async () => {
        const { a, b } = await setup(spec, p);
        const { atB, atA } = await streamSequence(spec, a, b, n);
        expect(sequenceDiff(atB, n)).toBeUndefined();
        if (spec.replies) expect(sequenceDiff(atA, n)).toBeUndefined();
      });
    });
  });
}
