/**
 * What the CURVE interop tests share: sockets of either implementation with CURVE roles (zmtp and zeromq.js
 * v6 share one API, so one shape serves both), closed after each test; the first event of some types; a
 * ZAP handler (RFC 27) that runs on a ROUTER of either implementation.
 */
import { afterEach } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { delay, within } from "../helpers/wait.js";

export type Impl = "zmtp" | "libzmq";
export type Kind = "REQ" | "REP" | "DEALER" | "ROUTER" | "PUB" | "SUB";
export type KeyPair = { publicKey: string; secretKey: string };

export const WAIT_MS = 5000;

/** A socket's monitor event, as both implementations report it. */
export interface AnyEvent {
  type: string;
  address?: string;
  error?: Error & { code?: string; status?: number };
}

/** Either implementation's socket, as these tests use it. */
export interface AnySocket {
  readonly impl: Impl;
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  readonly lastEndpoint: string | null;
  send(message: string | Buffer | (string | Buffer)[]): Promise<void>;
  receive(): Promise<Buffer[]>;
  subscribe(...topics: string[]): void;
  unsubscribe(...topics: string[]): void;
  close(): void;
  readonly closed: boolean;
  readonly events: { on(type: string, listener: (event: AnyEvent) => void): void; off(type: string, listener: (event: AnyEvent) => void): void };
}

/** The CURVE options of a server (its secret key) or a client (its pair and the server's public key). */
export type Curve = { server: KeyPair } | { client: KeyPair; serverKey: string } | { none: true };

export function curveOptions(curve: Curve): Record<string, unknown> {
  if ("server" in curve) return { curveServer: true, curveSecretKey: curve.server.secretKey };
  if ("client" in curve) return { curveServerKey: curve.serverKey, curvePublicKey: curve.client.publicKey, curveSecretKey: curve.client.secretKey };
  return {};
}

const ZMTP = { REQ: zmtp.Request, REP: zmtp.Reply, DEALER: zmtp.Dealer, ROUTER: zmtp.Router, PUB: zmtp.Publisher, SUB: zmtp.Subscriber };
const LIBZMQ = { REQ: zmq.Request, REP: zmq.Reply, DEALER: zmq.Dealer, ROUTER: zmq.Router, PUB: zmq.Publisher, SUB: zmq.Subscriber };

/** Makes sockets that are closed (linger 0) after each test, libzmq's first. */
export function useCurveSockets(): (impl: Impl, kind: Kind, curve: Curve, options?: Record<string, unknown>) => AnySocket {
  const open: AnySocket[] = [];
  afterEach(() => {
    const sockets = open.splice(0);
    for (const socket of sockets) if (socket.impl === "libzmq" && !socket.closed) socket.close();
    for (const socket of sockets) if (socket.impl === "zmtp" && !socket.closed) socket.close();
  });
  return (impl, kind, curve, options = {}) => {
    const all = { linger: 0, ...curveOptions(curve), ...options };
    const Ctor = (impl === "zmtp" ? ZMTP[kind] : LIBZMQ[kind]) as unknown as new (o: object) => Omit<AnySocket, "impl">;
    const inner = new Ctor(all);
    // A wrapper: zmtp sockets are sealed, and the tests want to know which side is which.
    const socket: AnySocket = {
      impl,
      bind: (endpoint) => inner.bind(endpoint),
      connect: (endpoint) => {
        inner.connect(endpoint);
      },
      get lastEndpoint() {
        return inner.lastEndpoint;
      },
      send: (message) => inner.send(message),
      receive: () => inner.receive(),
      subscribe: (...topics) => {
        inner.subscribe(...topics);
      },
      unsubscribe: (...topics) => {
        inner.unsubscribe(...topics);
      },
      close: () => {
        inner.close();
      },
      get closed() {
        return inner.closed;
      },
      events: inner.events,
    };
    open.push(socket);
    return socket;
  };
}

/** The first of `types` that `socket` reports (rejects after `ms`). */
export function firstEvent(socket: AnySocket, types: readonly string[], ms = WAIT_MS): Promise<AnyEvent> {
  return new Promise((resolve, reject) => {
    const listeners: [string, (event: AnyEvent) => void][] = [];
    const done = (): void => {
      clearTimeout(timer);
      for (const [type, listener] of listeners) socket.events.off(type, listener);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${types.join(" / ")} event from ${socket.impl} within ${ms} ms`));
    }, ms);
    for (const type of types) {
      const listener = (event: AnyEvent): void => {
        done();
        resolve(event);
      };
      listeners.push([type, listener]);
      socket.events.on(type, listener);
    }
  });
}

/** Whether `promise` is still pending after `ms` (a receive that must not be answered yet). */
export async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol("pending");
  return (await Promise.race([promise, delay(ms).then(() => pending)])) === pending;
}

/** Sends `message` from a publisher until the subscriber gets something (subscriptions travel asynchronously). */
export async function publishUntilReceived(pub: AnySocket, sub: AnySocket, message: string[]): Promise<Buffer[]> {
  let got: Buffer[] | undefined;
  const receiving = sub.receive().then((frames) => (got = frames));
  return within(
    (async () => {
      while (got === undefined) {
        await pub.send(message);
        await Promise.race([receiving, delay(20)]);
      }
      return got;
    })(),
    "the subscription to reach the publisher",
    WAIT_MS,
  );
}

/** What a ZAP handler was asked (RFC 27 §"Request"). */
export interface ZapAsked {
  domain: string;
  address: string;
  mechanism: string;
  credentials: Buffer[];
}

/**
 * A ZAP handler on `router` (bound at inproc://zeromq.zap.01 by the caller): answers each request with
 * `decide`'s status code and user id, until the router closes. Records what it was asked.
 */
export function serveZap(router: AnySocket, decide: (asked: ZapAsked) => { status: string; userId?: string }): ZapAsked[] {
  const asked: ZapAsked[] = [];
  void (async () => {
    for (;;) {
      let frames: Buffer[];
      try {
        frames = await router.receive();
      } catch {
        return; // closed
      }
      // RFC 27 §"Request": version, request id, domain, address, identity, mechanism, credentials.
      const [id, empty, , requestId, domain, address, , mechanism, ...credentials] = frames;
      const request = { domain: String(domain), address: String(address), mechanism: String(mechanism), credentials };
      asked.push(request);
      const { status, userId = "" } = decide(request);
      await router.send([id!, empty!, "1.0", requestId!, status, status === "200" ? "OK" : "No", userId, Buffer.alloc(0)]).catch(() => undefined);
    }
  })();
  return asked;
}
