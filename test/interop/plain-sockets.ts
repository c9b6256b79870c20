/**
 * Socket pairs for the PLAIN and ZAP interop tests: one side zmtp, the other libzmq (zeromq.js v6), in
 * REQ/REP, DEALER/ROUTER and PUB/SUB, with security options, either side binding; and the exchange that
 * proves a pair works.
 */
import { afterEach, expect } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { within } from "../helpers/wait.js";
import { framesDiff, WAIT_MS, type Impl } from "./helpers.js";

export type Pattern = "REQ/REP" | "DEALER/ROUTER" | "PUB/SUB";
export const PATTERNS: readonly Pattern[] = ["REQ/REP", "DEALER/ROUTER", "PUB/SUB"];

/** What the tests use of a socket, whichever implementation it is. */
export interface AnySocket {
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  send(message: (string | Buffer)[] | string): Promise<void>;
  receive(): Promise<Buffer[]>;
  subscribe(topic: string): void;
  readonly lastEndpoint: string | null;
  readonly events: { on(type: string, listener: (event: { error?: unknown }) => void): unknown };
  linger: number;
  readonly closed: boolean;
  close(): void;
}

const ZMTP = { REQ: zmtp.Request, REP: zmtp.Reply, DEALER: zmtp.Dealer, ROUTER: zmtp.Router, PUB: zmtp.Publisher, SUB: zmtp.Subscriber, PUSH: zmtp.Push, PULL: zmtp.Pull };
const ZMQ = { REQ: zmq.Request, REP: zmq.Reply, DEALER: zmq.Dealer, ROUTER: zmq.Router, PUB: zmq.Publisher, SUB: zmq.Subscriber, PUSH: zmq.Push, PULL: zmq.Pull };
type Kind = keyof typeof ZMTP;

/** The PLAIN server's type and the client's, per pattern (the server answers or publishes). */
export function kinds(pattern: Pattern): { server: Kind; client: Kind } {
  if (pattern === "REQ/REP") return { server: "REP", client: "REQ" };
  if (pattern === "DEALER/ROUTER") return { server: "ROUTER", client: "DEALER" };
  return { server: "PUB", client: "SUB" };
}

/** Registers an afterEach closing every socket made through the returned factory (libzmq first, linger 0). */
export function useAnySockets(): (impl: Impl, kind: Kind, options: Record<string, unknown>) => AnySocket {
  const open: { impl: Impl; sock: AnySocket }[] = [];
  afterEach(async () => {
    const all = open.splice(0);
    for (const { sock } of all.filter((s) => s.impl === "libzmq")) {
      sock.linger = 0;
      if (!sock.closed) sock.close();
    }
    for (const { sock } of all.filter((s) => s.impl === "zmtp")) {
      sock.linger = 0;
      if (!sock.closed) await within((sock as unknown as zmtp.Socket).closeAndWait(), "close of a zmtp socket", WAIT_MS);
    }
  });
  return (impl, kind, options) => {
    const timeouts: Record<string, unknown> = {};
    if (kind !== "SUB" && kind !== "PULL") timeouts.sendTimeout = WAIT_MS;
    if (kind !== "PUB" && kind !== "PUSH") timeouts.receiveTimeout = WAIT_MS;
    const all = { ...timeouts, ...options };
    const sock = (impl === "zmtp" ? new ZMTP[kind](all) : new ZMQ[kind](all)) as unknown as AnySocket;
    open.push({ impl, sock });
    return sock;
  };
}

/** Binds `binder` on an ephemeral loopback port and connects `connecter` to it. */
export async function join(binder: AnySocket, binderImpl: Impl, connecter: AnySocket): Promise<string> {
  await binder.bind(binderImpl === "zmtp" ? "tcp://127.0.0.1:0" : "tcp://127.0.0.1:*");
  const endpoint = binder.lastEndpoint!;
  connecter.connect(endpoint);
  return endpoint;
}

/**
 * One exchange over the pattern, proving the pair works both ways: request and reply (REQ/REP,
 * DEALER/ROUTER), or a subscription honoured (PUB/SUB: the publisher repeats until the subscriber has one).
 * Returns what the server received (ROUTER: the routing id first).
 */
export async function exchange(pattern: Pattern, client: AnySocket, server: AnySocket, tag = "hello"): Promise<Buffer[]> {
  if (pattern === "PUB/SUB") {
    client.subscribe("t");
    let received = false;
    const publishing = (async () => {
      for (let i = 0; !received && i < WAIT_MS / 10; i++) {
        await server.send(["t", tag]);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const message = await client.receive();
    received = true;
    await publishing;
    expect(framesDiff(message, ["t", tag])).toBeUndefined();
    return [];
  }
  await client.send(tag);
  const request = await server.receive();
  const envelope = pattern === "DEALER/ROUTER" ? request.slice(0, 1) : [];
  expect(framesDiff(request.slice(envelope.length), [tag])).toBeUndefined();
  await server.send([...envelope, `re: ${tag}`]);
  expect(framesDiff(await client.receive(), [`re: ${tag}`])).toBeUndefined();
  return request;
}
