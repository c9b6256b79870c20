/**
 * Waiting for a dialing zmtp socket to know that a peer refuses it. What it can know is what it read: a
 * libzmq peer of the wrong type sends its READY (zmtp's own check then refuses the pair) or, when it reads
 * our READY together with the end of our greeting (its I/O thread was late), it closes before sending its
 * READY, without an ERROR (libzmq 4.3.5 src/mechanism.cpp parse_metadata: EINVAL, then
 * stream_engine_base.cpp error(protocol_error), which writes nothing). That silent end looks like a peer
 * that went away (handshake:error:other); libzmq's own dialer treats it so (session_base.cpp engine_error:
 * connection_error -> reconnect, the pipe kept), and so does zmtp (session/dialer.ts): the endpoint keeps
 * its pipe, messages still go to it, and a later connection tells. close-before-ready.test.ts shows both.
 * Once zmtp has read the refusal it dials that endpoint no more (protocol-error-ends-dialing.test.ts).
 */
import type * as zmtp from "../../src/index.js";
import type { SocketEvent } from "../../src/events.js";
import { socketEvents } from "../../src/sockets/socket-events.js";
import { within } from "../helpers/wait.js";

/**
 * Settles with the zmtp socket's first `handshake:error:protocol` at `address` (any address if omitted):
 * the refusal it read, after which no message goes to that peer. A `handshake:error:other` before it (a
 * silent end, see above) is passed over: the refusal comes with a later connection.
 */
export function protocolRefusal(socket: zmtp.Socket, label: string, ms: number, address?: string): Promise<SocketEvent> {
  let stop: (() => void) | undefined;
  const refusal = new Promise<SocketEvent>((resolve) => {
    stop = socketEvents(socket).listen((event) => {
      if (event.type !== "handshake:error:protocol") return;
      if (address !== undefined && event.address !== address) return;
      resolve(event);
    });
  });
  return within(refusal, `the refusal at ${label}`, ms).finally(() => stop?.());
}
