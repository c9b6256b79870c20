/**
 * The far end of an engine test: the test scripts what it sends (raw octets) and it records what the
 * connection under test writes, both raw and decoded into greeting events and frames (a GreetingDecoder,
 * then a FrameDecoder from where the greeting ended, as a stream wire reads).
 */
import { RecordingSink, StreamDecoder } from "./recording-sink.js";
import { MemoryDuplex, type MemoryDuplexOptions } from "./memory-stream.js";
import { waitUntil } from "./wait.js";

export class ScriptedPeer {
  /** The stream to hand to the connection. */
  readonly stream: MemoryDuplex;
  /** What the connection wrote, decoded. */
  readonly sink = new RecordingSink();
  /** Set if the connection wrote something that is not valid ZMTP 3.x. */
  decodeError: Error | undefined = undefined;
  private readonly decoder = new StreamDecoder(this.sink);

  constructor(options: MemoryDuplexOptions = {}) {
    this.stream = new MemoryDuplex((chunk) => {
      if (this.decodeError !== undefined) return;
      try {
        this.decoder.push(new Uint8Array(chunk));
      } catch (err) {
        this.decodeError = err as Error;
      }
    }, options);
  }

  /** Every octet the connection has written. */
  get written(): Buffer {
    return this.stream.written;
  }

  /** Number of `write`s that reached the stream. */
  get writeCount(): number {
    return this.stream.writes.length;
  }

  /** Frames the connection wrote after its greeting, bodies as hex. */
  get frames(): { flags: number; body: string }[] {
    return this.sink.frames;
  }

  /** Sends the given octets as one chunk. */
  send(data: Uint8Array): void {
    this.stream.receive(data);
  }

  /** Closes our side cleanly (the connection sees end of stream). */
  end(): void {
    this.stream.receiveEnd();
  }

  /** Waits until the connection has written at least `count` frames after its greeting. */
  async waitForFrames(count: number): Promise<void> {
    await waitUntil(() => this.frames.length >= count || this.decodeError !== undefined, `${count} frame(s) from the connection`);
    if (this.decodeError !== undefined) throw this.decodeError;
  }
}
