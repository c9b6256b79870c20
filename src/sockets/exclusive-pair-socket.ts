import type { Message } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { DuplexSocket } from "./duplex-socket.js";
import type { SocketTypeInfo } from "./socket-types.js";

/**
 * One peer at a time, both ways (RFC 31 EXPAIR; libzmq pair_t, channel_t, dgram_t): the first pipe is the
 * socket's and a second is refused while it is attached. PAIR is exactly this; DGRAM's one pipe is its udp
 * endpoint; CHANNEL (RFC 52) is the thread-safe PAIR, which drops multi-frame messages from its peer (and
 * whose single-frame send rule SocketBase applies from its type).
 */
export abstract class ExclusivePairSocket extends DuplexSocket {
  private pipe: Pipe | undefined = undefined;
  /** CHANNEL: libzmq channel_t::xrecv, "drop any messages with more flag". */
  private readonly singleFrames: boolean;

  protected constructor(type: SocketTypeInfo) {
    super(type);
    this.singleFrames = type.threadSafe;
  }

  protected xattach(pipe: Pipe): boolean {
    if (this.pipe !== undefined) return false;
    this.pipe = pipe;
    return true;
  }

  protected xdetach(pipe: Pipe): void {
    // Messages the peer already delivered stay readable until read.
    if (this.pipe === pipe && !pipe.readable) this.pipe = undefined;
  }

  protected xreadable(): void {
    // Only one pipe: the base serves waiting receives directly.
  }

  protected xwritable(): void {
    // Only one pipe: the base retries waiting sends directly.
  }

  protected xsend(message: Message): boolean {
    return this.pipe !== undefined && this.pipe.write(message);
  }

  protected xreceive(): Message | undefined {
    const pipe = this.pipe;
    if (pipe === undefined) return undefined;
    let message = pipe.readMessage();
    if (this.singleFrames) while (message !== undefined && message.length !== 1) message = pipe.readMessage();
    if (pipe.terminated && !pipe.readable) this.pipe = undefined;
    return message;
  }

  protected xhasIncoming(): boolean {
    return this.pipe?.readable ?? false;
  }

  protected xcanSend(): boolean {
    return this.pipe?.writable ?? false;
  }
}
