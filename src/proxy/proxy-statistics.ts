/**
 * What one side of a proxy (its front-end or its back-end socket) has carried: the counts libzmq's
 * `zmq_proxy_steerable` STATISTICS command reports for each side. libzmq has counted them two ways: up to
 * 4.3.4 a multipart message counts once ("a multipart message counts as 1 packet", `forward()`), and 4.3.5
 * counts every frame (src/proxy.cpp `forward()`: `recving.count += 1` per part). zmtp keeps both: messages
 * (4.3.4's numbers) and frames (4.3.5's). Bytes are the sum of the frames' sizes in both.
 */
export interface ProxySideStatistics {
  /** Whole messages this socket received (and the proxy took from it); libzmq ≤ 4.3.4's count. */
  readonly messagesIn: number;
  /** Their frames; what libzmq 4.3.5 reports as messages received. */
  readonly framesIn: number;
  /** Bytes of those messages: every frame's size, summed. */
  readonly bytesIn: number;
  /** Whole messages the proxy sent through this socket. */
  readonly messagesOut: number;
  /** Their frames; what libzmq 4.3.5 reports as messages sent. */
  readonly framesOut: number;
  /** Bytes of those messages. */
  readonly bytesOut: number;
}

/** A proxy's counts, per side (libzmq's eight STATISTICS values, named). */
export interface ProxyStatistics {
  /** The front-end socket's counts (the proxy's first argument). */
  readonly frontEnd: ProxySideStatistics;
  /** The back-end socket's counts (the proxy's second argument). */
  readonly backEnd: ProxySideStatistics;
}

/** The sum of a message's frame sizes. */
function byteCount(message: readonly Buffer[]): number {
  let bytes = 0;
  for (let i = 0; i < message.length; i++) bytes += message[i]!.length;
  return bytes;
}

/**
 * One side's running counts (internal: the Proxy hands out snapshots). A message is counted in when the
 * proxy takes it from the socket, out once the other side's `send()` has accepted it; one still held when
 * the proxy ends is counted in only.
 */
export class ProxySideCounters {
  private messagesIn = 0;
  private framesIn = 0;
  private bytesIn = 0;
  private messagesOut = 0;
  private framesOut = 0;
  private bytesOut = 0;

  /** Counts a message taken from this socket; returns its size, for the other side's `countOut`. */
  countIn(message: readonly Buffer[]): number {
    const bytes = byteCount(message);
    this.messagesIn++;
    this.framesIn += message.length;
    this.bytesIn += bytes;
    return bytes;
  }

  /** Counts a message of `frames` frames and `bytes` bytes sent through this socket. */
  countOut(frames: number, bytes: number): void {
    this.messagesOut++;
    this.framesOut += frames;
    this.bytesOut += bytes;
  }

  snapshot(): ProxySideStatistics {
    return {
      messagesIn: this.messagesIn,
      framesIn: this.framesIn,
      bytesIn: this.bytesIn,
      messagesOut: this.messagesOut,
      framesOut: this.framesOut,
      bytesOut: this.bytesOut,
    };
  }
}
