import type { Duplex } from "node:stream";

/** A bound listener: the endpoint it really got (ephemeral port, fresh ipc path) and how to stop it. */
export interface Listener {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** A transport that yields byte streams (tcp, ipc). It knows nothing of ZMTP. */
export interface StreamTransport {
  /** Listens; `onError` hears failures to accept once listening (EMFILE…), which never end the listener. */
  listen(endpoint: string, onStream: (stream: Duplex) => void, onError?: (err: Error) => void): Promise<Listener>;
  /** Starts connecting; the stream emits "connect" once connected, or "error"/"close" if it fails. */
  dial(endpoint: string): Duplex;
}
