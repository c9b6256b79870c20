/**
 * A connection that carries whole messages rather than bytes: a WebSocket (ws://, wss://), on Node over a
 * socket of ours (ws-connection.ts), in a browser over the page's own WebSocket (src/browser/). The
 * transport hands it to a session as tcp hands over a socket, and the engine reads and writes messages.
 */

/** What a message stream tells the connection reading it. */
export interface MessageReceiver {
  /** One whole message. A view: valid as long as the receiver keeps it (never reused by the stream). */
  onMessage(payload: Uint8Array): void;
  /** The peer answered a ping: it is alive. */
  onPong(): void;
  /** The stream, congested before, takes more. */
  onWritable(): void;
  /** The stream ended; `error` says why unless it closed cleanly. Called once, never after destroy(). */
  onEnd(error: Error | undefined): void;
}

/** A listener the session registers ("connect", "error", "close"), as on a net.Socket. */
export type StreamListener = (error?: Error) => void;

export interface MessageStream {
  /** The subprotocol both ends agreed on (Sec-WebSocket-Protocol); "" until connected. */
  readonly protocol: string;
  /** The peer's IP address, if known. */
  readonly remoteAddress: string | undefined;
  readonly destroyed: boolean;
  /** "connect" (a dialed stream is open), "error" (then "close"), "close": as a net.Socket's. */
  on(event: string, listener: StreamListener): this;
  once(event: string, listener: StreamListener): this;
  off(event: string, listener: StreamListener): this;
  /** Ends at once; "close" follows, but a receiver hears nothing more. */
  destroy(): void;

  /** Starts delivering messages (what arrived with the upgrade first). */
  receive(receiver: MessageReceiver): void;
  /** Queues one binary message whose payload is `parts`, in order; written by flush(). */
  send(parts: readonly Uint8Array[]): void;
  /** Octets queued by send() and not yet flushed. */
  readonly pendingBytes: number;
  /** Writes what send() queued. */
  flush(): void;
  /** The peer is not taking what we write: queue nothing more until onWritable(). */
  readonly congested: boolean;
  /**
   * No onMessage until resume(): what arrives meanwhile waits, and so does the end behind it. On Node the
   * socket stops reading too; a browser's WebSocket cannot, so there it waits in memory, bounded.
   */
  pause(): void;
  resume(): void;
  /** Refuses messages larger than `max` octets from now on (EMSGSIZE ends the stream). */
  limitMessages(max: number): void;
  /** Sends a ping (liveness); absent where the runtime cannot (a browser's WebSocket). */
  ping?(): void;
  /** Flushes, closes cleanly (a close frame), and settles once the stream is closed. */
  end(): Promise<void>;
}

/** Whether a stream from a transport carries messages (WebSocket) rather than bytes. */
export function isMessageStream(stream: object): stream is MessageStream {
  return typeof (stream as Partial<MessageStream>).receive === "function" && typeof (stream as Partial<MessageStream>).limitMessages === "function";
}
