import type { Duplex } from "node:stream";
import type { Message } from "../message.js";
import type { PeerInfo, Pipe } from "../pipe/pipe.js";
import type { EngineConnection, EngineHandler } from "./engine-connection.js";

const EMPTY = Buffer.alloc(0);

/** A single empty frame: inbound, "connected" or "disconnected"; outbound, "close this connection". */
function isEmptyMessage(message: Message): boolean {
  return message.length === 1 && message[0]!.length === 0;
}

/**
 * A raw connection for Stream sockets (ZMQ_STREAM, libzmq's raw_engine): no greeting, no handshake, no
 * frames. Each chunk read becomes a one-frame message `[data]` in the pipe; each outbound message's frames
 * are written as they are. The socket learns of the connection through the pipe alone: `[<empty>]` when
 * it connects, and again when the peer goes (not when the socket closed it itself, as libzmq). An outbound
 * `[<empty>]` closes the connection once what was queued before it is written.
 */
export class RawConnection implements EngineConnection {
  private pipe: Pipe | undefined = undefined;
  private isClosed = false;
  /** The socket asked to close: nothing more is read or written, the stream ends. */
  private ending = false;
  private awaitingDrain = false;
  private readPaused = false;
  /** A lingering close waiting for the stream to take more (drain) or to close. */
  private onProgress: (() => void) | undefined = undefined;

  constructor(
    private readonly stream: Duplex,
    private readonly handler: EngineHandler,
  ) {
    stream.on("drain", () => {
      this.awaitingDrain = false;
      this.flush();
      this.progressed();
    });
    stream.on("error", (err: Error) => {
      this.peerGone(err);
    });
    stream.on("close", () => {
      this.peerGone(undefined);
    });
    // Start once the session holds this connection (no I/O event can come before a microtask).
    queueMicrotask(() => {
      this.start();
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  close(error: Error | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.pipe = undefined;
    this.stream.destroy();
    this.progressed();
    this.handler.closed(this, error);
  }

  async drainAndClose(): Promise<void> {
    // Wait for the stream to take what is queued: on 'drain', never by polling (a peer that does not read
    // must not cost a CPU core while linger runs).
    while (!this.isClosed && !this.ending && this.pipe !== undefined && this.pipe.readableSize > 0) {
      this.flush();
      if (!this.awaitingDrain) continue;
      await new Promise<void>((resolve) => (this.onProgress = resolve));
    }
    if (this.isClosed) return;
    this.ending = true;
    await new Promise<void>((resolve) => {
      this.stream.end(() => {
        resolve();
      });
      this.stream.once("close", resolve);
    });
    this.close(undefined);
  }

  private start(): void {
    if (this.isClosed) return;
    const peer: PeerInfo = { socketType: "", identity: undefined, metadata: new Map(), zmtp31: false };
    const pipe = this.handler.ready(this, peer);
    if (pipe === undefined) {
      this.close(undefined);
      return;
    }
    if (this.isClosed) return;
    this.pipe = pipe;
    pipe.forceWrite([EMPTY]);
    this.stream.on("data", (chunk: Buffer) => {
      this.onData(chunk);
    });
    this.flush();
  }

  /** The stream ended or failed without the socket asking: tell the socket, then close. */
  private peerGone(error: Error | undefined): void {
    if (this.isClosed) return;
    if (!this.ending) this.pipe?.forceWrite([EMPTY]);
    this.close(error);
  }

  private onData(chunk: Buffer): void {
    const pipe = this.pipe;
    if (pipe === undefined || this.ending || chunk.length === 0) return;
    pipe.forceWrite([chunk]);
    const mark = pipe.writeMark;
    if (mark > 0 && pipe.writtenSize >= mark && !this.readPaused) {
      // Back-pressure: stop reading until the socket drains the queue to its low-water mark.
      this.readPaused = true;
      this.stream.pause();
      pipe.wakeWhenBelow(mark >>> 1);
    }
  }

  pipeReadable(): void {
    this.flush();
  }

  pipeWritable(): void {
    if (!this.readPaused || this.isClosed) return;
    this.readPaused = false;
    this.stream.resume();
  }

  /** Writes queued messages until the stream pushes back; an empty message ends the connection. */
  private flush(): void {
    const pipe = this.pipe;
    if (pipe === undefined || this.ending || this.awaitingDrain) return;
    const stream = this.stream;
    stream.cork();
    try {
      for (let message = pipe.readMessage(); message !== undefined; message = pipe.readMessage()) {
        if (isEmptyMessage(message)) {
          this.endByRequest();
          return;
        }
        let ok = true;
        for (const frame of message) if (frame.length > 0) ok = stream.write(frame);
        if (!ok) {
          this.awaitingDrain = true;
          return;
        }
      }
    } finally {
      stream.uncork();
    }
  }

  private progressed(): void {
    const wake = this.onProgress;
    this.onProgress = undefined;
    wake?.();
  }

  private endByRequest(): void {
    this.ending = true;
    this.stream.end(() => {
      this.close(undefined);
    });
  }
}
