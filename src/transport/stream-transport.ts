import type { Duplex } from "node:stream";
import type { MessageStream } from "./websocket/message-stream.js";

/** What a transport hands a session: a byte stream (tcp, ipc) or a stream of messages (ws, wss). */
export type TransportStream = Duplex | MessageStream;

/** How a session hears any TransportStream connect, fail or close (a net.Socket's events). */
export interface StreamEvents {
  once(event: "connect" | "error" | "close", listener: () => void): unknown;
  off(event: "connect" | "error" | "close", listener: () => void): unknown;
}

/** A bound listener: the endpoint it really got (ephemeral port, fresh ipc path) and how to stop it. */
export interface Listener {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** A transport that yields byte streams (tcp, ipc), or message streams (ws, wss). It knows nothing of ZMTP. */
export interface StreamTransport<S extends TransportStream = Duplex> {
  /** Listens; `onError` hears failures to accept once listening (EMFILE…), which never end the listener. */
  listen(endpoint: string, onStream: (stream: S) => void, onError?: (err: Error) => void): Promise<Listener>;
  /** Starts connecting; the stream emits "connect" once connected, or "error"/"close" if it fails. */
  dial(endpoint: string): S;
}
