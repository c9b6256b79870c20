import type { Message } from "../message.js";
import type { SocketOptions } from "../options.js";
import type { Pipe } from "../pipe/pipe.js";
import { DuplexSocket } from "./duplex-socket.js";
import { SOCKET_TYPES } from "./socket-types.js";

/** PAIR (RFC 31): exactly one peer at a time; a second peer is refused while the first is attached. */
export class Pair extends DuplexSocket {
  private pipe: Pipe | undefined = undefined;

  constructor(options?: SocketOptions) {
    super(SOCKET_TYPES.PAIR);
    this.applyOptions(options);
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
    const message = pipe.readMessage();
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
