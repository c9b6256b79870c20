/**
 * Shared by the v5-compat tests: sockets closed after each test (zmtp's v5 sockets, libzmq's v6 and v5-compat
 * ones), bounded waits on v5 events and callbacks, and endpoints to bind.
 */
import type { EventEmitter } from "node:events";
import { afterEach } from "vitest";
import * as zmq from "zeromq";
import * as zmqv5 from "zeromq/v5-compat.js";
import * as v5 from "../../src/v5-compat/index.js";
import { within } from "../helpers/wait.js";

/** Generous bound on every wait, so that a broken case fails instead of hanging (a loaded 2-core machine). */
export const WAIT_MS = 5000;

/** The v5 socket types both implementations have. */
export type V5Type = v5.SocketType;

interface Closable {
  close(): unknown;
  readonly closed: boolean;
}

/**
 * Registers an afterEach that closes every socket made through the returned factories, with linger 0:
 * zmtp's v5 sockets (`v5socket`), libzmq's through zeromq.js v6 (`track`) or its v5-compat (`libzmqV5`).
 */
export function useV5Sockets(): {
  v5socket: (type: V5Type) => v5.Socket;
  libzmqV5: (type: V5Type) => zmqv5.Socket;
  track: <T extends zmq.Socket>(socket: T) => T;
} {
  const open: Closable[] = [];
  afterEach(() => {
    for (const sock of open.splice(0)) {
      if (sock.closed) continue;
      (sock as unknown as { linger: number }).linger = 0;
      sock.close();
    }
  });
  return {
    v5socket: (type) => {
      const sock = v5.socket(type);
      open.push(sock);
      return sock;
    },
    libzmqV5: (type) => {
      const sock = zmqv5.socket(type);
      open.push(sock);
      return sock;
    },
    track: (socket) => {
      open.push(socket);
      return socket;
    },
  };
}

/** The arguments of the next `name` event of `emitter` (bounded). */
export function nextEvent(emitter: EventEmitter, name: string, timeoutMs = WAIT_MS): Promise<unknown[]> {
  return within(
    new Promise<unknown[]>((resolve) => {
      emitter.once(name, (...args: unknown[]) => {
        resolve(args);
      });
    }),
    `the "${name}" event`,
    timeoutMs,
  );
}

/** The next `n` "message" events of a v5 socket, each as its frames (bounded). */
export function nextMessages(sock: EventEmitter, n: number, timeoutMs = WAIT_MS): Promise<Buffer[][]> {
  const got: Buffer[][] = [];
  return within(
    new Promise<Buffer[][]>((resolve) => {
      const listener = (...frames: Buffer[]): void => {
        got.push(frames);
        if (got.length === n) {
          sock.off("message", listener);
          resolve(got);
        }
      };
      sock.on("message", listener);
    }),
    `${n} messages (${got.length} arrived)`,
    timeoutMs,
  );
}

/** Frames as text, for comparing messages. */
export function texts(frames: readonly Buffer[]): string[] {
  return frames.map((f) => f.toString());
}

/** Binds a v5 socket (zmtp's or libzmq's) with bind(address, cb) and resolves to the endpoint to connect to. */
export function bindV5(sock: v5.Socket | zmqv5.Socket, address: string): Promise<string> {
  return within(
    new Promise<string>((resolve, reject) => {
      sock.bind(address, (err?: Error) => {
        if (err !== undefined) reject(err);
        else resolve(String(sock.getsockopt(v5.ZMQ_LAST_ENDPOINT)));
      });
    }),
    `bind(${address})`,
    WAIT_MS,
  );
}

/** A v5 callback as a promise: resolves with its error argument (undefined on success). */
export function callbackResult(start: (cb: (err?: Error) => void) => void, label: string): Promise<Error | undefined> {
  return within(
    new Promise<Error | undefined>((resolve) => {
      start((err) => {
        resolve(err);
      });
    }),
    label,
    WAIT_MS,
  );
}
