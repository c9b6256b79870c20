/**
 * ZAP handlers (RFC 27) for the security interop tests, on either side: a zeromq.js ROUTER bound at
 * inproc://zeromq.zap.01 in libzmq's context (libzmq servers ask it), or a zmtp ROUTER/REP bound there in
 * zmtp's inproc registry (zmtp servers ask it). Each records the requests it got and answers as `decide`
 * says; plus an event log that works on sockets of both implementations.
 */
import { afterEach } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { delay, within } from "../helpers/wait.js";
import { WAIT_MS, type Impl } from "./helpers.js";

export const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

/** A ZAP request as a handler sees it, after the envelope. */
export interface ZapRequestSeen {
  version: string;
  requestId: string;
  domain: string;
  address: string;
  identity: Buffer;
  mechanism: string;
  credentials: Buffer[];
}

/** What a handler answers: a status and the rest of a reply, or the raw frames after the envelope. */
export type ZapAnswer = { status: string; text?: string; userId?: string; metadata?: Buffer } | { raw: (string | Buffer)[] };

export type Decide = (request: ZapRequestSeen) => ZapAnswer;

export interface ZapHandler {
  readonly impl: Impl;
  readonly requests: ZapRequestSeen[];
  decide: Decide;
  close(): Promise<void>;
}

export const allowAll: Decide = () => ({ status: "200", text: "OK" });

/** Allows PLAIN clients with exactly this username and password (and NULL / CURVE peers), denies others with 400. */
export function plainPassword(username: string, password: string): Decide {
  return (request) => {
    if (request.mechanism !== "PLAIN") return { status: "200", text: "OK" };
    const [user, pass] = request.credentials;
    const ok = user?.toString() === username && pass?.toString() === password;
    return ok ? { status: "200", text: "OK", userId: username } : { status: "400", text: "bad password" };
  };
}

function parse(frames: Buffer[]): ZapRequestSeen {
  const [version, requestId, domain, address, identity, mechanism, ...credentials] = frames;
  return {
    version: version?.toString() ?? "",
    requestId: requestId?.toString() ?? "",
    domain: domain?.toString() ?? "",
    address: address?.toString() ?? "",
    identity: identity ?? Buffer.alloc(0),
    mechanism: mechanism?.toString() ?? "",
    credentials,
  };
}

function reply(request: ZapRequestSeen, answer: ZapAnswer): (string | Buffer)[] {
  if ("raw" in answer) return answer.raw;
  return ["1.0", request.requestId, answer.status, answer.text ?? "", answer.userId ?? "", answer.metadata ?? Buffer.alloc(0)];
}

type HandlerSocket = {
  bind(endpoint: string): Promise<void>;
  receive(): Promise<Buffer[]>;
  send(message: (string | Buffer)[]): Promise<void>;
  close(): void;
  linger: number;
};

/** zeromq.js frees an inproc name when libzmq reaps the closed socket, a moment after close(): retry briefly. */
async function bindRetrying(sock: HandlerSocket): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await sock.bind(ZAP_ENDPOINT);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== "EADDRINUSE" || attempt >= 50) throw err;
      await delay(20);
    }
  }
}

/**
 * Binds a handler at inproc://zeromq.zap.01: on libzmq's side a zeromq.js ROUTER, on zmtp's a ROUTER or
 * (`kind: "REP"`) a REP. It serves until closed.
 */
export async function startZapHandler(impl: Impl, decide: Decide = allowAll, kind: "ROUTER" | "REP" = "ROUTER"): Promise<ZapHandler> {
  const router = kind === "ROUTER";
  let sock: HandlerSocket;
  if (impl === "libzmq") sock = router ? new zmq.Router() : new zmq.Reply();
  else sock = router ? new zmtp.Router() : new zmtp.Reply();
  await bindRetrying(sock);
  let closed = false;
  const handler: ZapHandler = {
    impl,
    requests: [],
    decide,
    close: async () => {
      if (!closed) {
        closed = true;
        sock.linger = 0;
        sock.close();
      }
      await serving;
    },
  };
  const serving = (async () => {
    for (;;) {
      let message: Buffer[];
      try {
        message = await sock.receive();
      } catch {
        return; // closed
      }
      // ROUTER: [peer id, "", request…]; REP strips the envelope itself.
      const envelope = router ? message.slice(0, 2) : [];
      const request = parse(router ? message.slice(2) : message);
      handler.requests.push(request);
      try {
        await sock.send([...envelope, ...reply(request, handler.decide(request))]);
      } catch {
        return;
      }
    }
  })();
  return handler;
}

/** Registers an afterEach that closes every handler started through the returned function. */
export function useZapHandlers(): (impl: Impl, decide?: Decide, kind?: "ROUTER" | "REP") => Promise<ZapHandler> {
  const open: ZapHandler[] = [];
  afterEach(async () => {
    for (const handler of open.splice(0)) await handler.close();
  });
  return async (impl, decide, kind) => {
    const handler = await startZapHandler(impl, decide, kind);
    open.push(handler);
    return handler;
  };
}

// ---- events ---------------------------------------------------------------------------------------------

export interface LoggedEvent {
  type: string;
  /** AuthError's ZAP status (zmtp: AuthError.status; zeromq.js: error.status). */
  status?: number;
  /** The error's code (ERR_ZMTP_*, ERR_ZAP_*, EFAULT, …), when it has one. */
  code?: string;
}

type Observable = { events: { on(type: string, listener: (event: { error?: unknown }) => void): unknown } };

const WATCHED = ["handshake", "handshake:error:auth", "handshake:error:protocol", "handshake:error:other", "disconnect", "accept", "connect", "connect:retry"];

/** Records the connection and handshake events of a socket (either implementation) and waits for them. */
export class EventLog {
  readonly events: LoggedEvent[] = [];
  private waiters: (() => void)[] = [];

  constructor(sock: Observable) {
    for (const type of WATCHED) {
      sock.events.on(type, (event) => {
        const error = event.error as { status?: unknown; code?: unknown } | undefined;
        const logged: LoggedEvent = { type };
        if (typeof error?.status === "number") logged.status = error.status;
        if (typeof error?.code === "string") logged.code = error.code;
        this.events.push(logged);
        for (const wake of this.waiters.splice(0)) wake();
      });
    }
  }

  /** The first event of that type (waits for it, bounded). */
  async next(type: string, ms = WAIT_MS): Promise<LoggedEvent> {
    const found = (): LoggedEvent | undefined => this.events.find((e) => e.type === type);
    return within(
      (async () => {
        for (;;) {
          const event = found();
          if (event !== undefined) return event;
          await new Promise<void>((resolve) => this.waiters.push(resolve));
        }
      })(),
      `a ${type} event`,
      ms,
    );
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }
}
