/**
 * Shared machinery for the draft-socket interop tests: libzmq's draft sockets (zeromq.js's `zeromq/draft`,
 * built with ZMQ_BUILD_DRAFT_API), tracked and closed after each test (libzmq first, so that no zmtp close
 * waits on a peer), and libzmq's DISH join/leave reached through the native methods.
 */
import { afterEach } from "vitest";
import * as zmq from "zeromq";
import * as draft from "zeromq/draft.js";
import type { Socket as ZmtpSocket } from "../../src/draft.js";
import { within } from "../helpers/wait.js";

export { bindAddress, useIpcDir, type Impl, type Transport } from "./helpers.js";

/** Generous bound on every wait, so that a broken case fails instead of hanging. */
export const WAIT_MS = 5000;

/**
 * The runs of a test between two draft types, for `describe.each`: [the first type's implementation, the
 * second's, the transport]: zmtp on either side, over tcp and over ipc.
 */
export const EITHER_SIDE_OVER_TCP_AND_IPC = [
  ["zmtp", "libzmq", "tcp"],
  ["libzmq", "zmtp", "tcp"],
  ["zmtp", "libzmq", "ipc"],
  ["libzmq", "zmtp", "ipc"],
] as const;

/** What a test needs of either implementation's socket to join two of them. */
export interface End {
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  readonly lastEndpoint: string | null;
}

/** Which side binds, for `it.each`: [label, whether the `first` type binds]. */
export function eitherBinds(first: string, second: string): [string, boolean][] {
  return [
    [`the ${first} binds`, true],
    [`the ${second} binds`, false],
  ];
}

/**
 * zeromq.js 6.8's `Dish.join(...groups)` (lib/draft.js) takes `join` off `Socket.prototype` and calls it
 * unbound, with the groups as one array; a DISH joined that way would join nothing. (In 6.8.0 its
 * util.allowMethods happens to delete that wrapper from Dish.prototype, so `dish.join` is the native method
 * after all; we rely on neither.) The native methods live on the prototype of Dish.prototype, zeromq.js's
 * native `Socket` class (`Object.getPrototypeOf(dish)` is Dish.prototype, and its prototype the native
 * one): we call them bound to the socket, one group per argument, as src/socket.cc Socket::Join reads them.
 */
const nativeSocketPrototype = Object.getPrototypeOf(draft.Dish.prototype) as {
  join(this: draft.Dish, ...groups: (string | Buffer)[]): void;
  leave(this: draft.Dish, ...groups: (string | Buffer)[]): void;
};

export function libzmqJoin(dish: draft.Dish, ...groups: string[]): void {
  nativeSocketPrototype.join.call(dish, ...groups);
}

export function libzmqLeave(dish: draft.Dish, ...groups: string[]): void {
  nativeSocketPrototype.leave.call(dish, ...groups);
}

/**
 * libzmq's PEER and CHANNEL, which zeromq.js has no class for: its native Socket made with the type number
 * (ZMQ_PEER 19, ZMQ_CHANNEL 20), whose send/receive are those of every zeromq.js socket. It has none of the
 * option accessors (zeromq.js defines them on its subclasses): bound its waits with `within`.
 */
export function libzmqSocketOfType(type: 19 | 20): zmq.Socket & Pick<zmq.Readable, "receive"> & Pick<zmq.Writable, "send"> {
  const NativeSocket = zmq.Socket as unknown as new (type: number) => zmq.Socket & Pick<zmq.Readable, "receive"> & Pick<zmq.Writable, "send">;
  return new NativeSocket(type);
}

/** Tracks the sockets a test opens and closes them after it (linger 0), libzmq's first. */
export function useDraftSockets(): { libzmq: <T extends zmq.Socket>(socket: T) => T; zmtp: <T extends ZmtpSocket>(socket: T) => T } {
  const libzmq: zmq.Socket[] = [];
  const zmtp: ZmtpSocket[] = [];
  afterEach(async () => {
    for (const socket of libzmq.splice(0)) {
      if (socket.closed) continue;
      socket.linger = 0;
      socket.close();
    }
    await Promise.all(
      zmtp.splice(0).map(async (socket) => {
        socket.linger = 0;
        await within(socket.closeAndWait(), "a zmtp socket's close", WAIT_MS);
      }),
    );
  });
  return {
    libzmq: (socket) => {
      libzmq.push(socket);
      return socket;
    },
    zmtp: (socket) => {
      zmtp.push(socket);
      return socket;
    },
  };
}
