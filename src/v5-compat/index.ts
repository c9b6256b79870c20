/**
 * `zmtp/v5-compat`: the callback API of zeromq.js v5 (`zmq.socket("push")`, `bindSync`, `send(msg, flags,
 * cb)`, `on("message", …)`, `subscribe`, `monitor`, `close`), as zeromq.js v6 ships it at
 * `zeromq/v5-compat`, over zmtp's sockets. For code written against v5 (Jupyter's jmp, ijavascript, …).
 * It uses only zmtp's public entry: its sockets are zmtp sockets, its errors zmtp's ZmqError.
 */
import { version as zmtpVersion } from "../index.js";
import { isOptionName, type OptionName } from "./short-options.js";
import { Socket } from "./socket.js";
import type { SocketType } from "./zmtp-sockets.js";

export { Socket } from "./socket.js";
export type { MessagePart } from "./send-arguments.js";
export type { SocketType } from "./zmtp-sockets.js";
export type { Callback } from "./message-flow.js";
export type { OptionValue } from "./option-access.js";
export type { OptionKey, OptionName } from "./short-options.js";
export { shortOptions as options } from "./short-options.js";
export { Context, curveKeypair } from "./context.js";
export { proxy } from "./proxy.js";
export * from "./constants.js";
/** The libzmq version whose behaviour zmtp follows (v5 reported the libzmq it was built with). */
export const version: string = zmtpVersion;

/**
 * Makes a socket of `type` ("push", "pull", "req", "rep", "pub", "sub", "xpub", "xsub", "dealer"/"xreq",
 * "router"/"xrep", "pair", "stream"), setting each of `options` as its option property (`{ linger: 0,
 * identity: "a" }`). An unknown option name is a TypeError (v5 would have set a stray property).
 */
export function createSocket(type: SocketType, options: Partial<Record<OptionName, unknown>> = {}): Socket {
  if (typeof options !== "object" || options === null) throw new TypeError("createSocket(): options must be an object");
  const sock = new Socket(type);
  try {
    for (const [key, value] of Object.entries(options)) {
      if (!isOptionName(key)) throw new TypeError(`createSocket(): unknown option ${key} (see zmq.options)`);
      (sock as unknown as Record<string, unknown>)[key] = value;
    }
  } catch (err) {
    sock.close();
    throw err;
  }
  return sock;
}

export { createSocket as socket };
