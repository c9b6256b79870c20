import { HandshakeError } from "../errors.js";
import type { Message } from "../message.js";
import { decodeZapReply, encodeZapRequest, type ZapRequestFields } from "../mechanism/zap-frames.js";
import { zapUnavailable, type ZapMechanismName, type ZapVerdict } from "../mechanism/zap.js";
import type { Pipe, PipeOwner } from "../pipe/pipe.js";
import { inprocRegistry, type InprocConnection, type InprocEnd } from "../transport/inproc.js";

/** Where RFC 27 puts the handler (`inproc://zeromq.zap.01`), as an inproc name. */
const ZAP_NAME = "zeromq.zap.01";
/** libzmq's request id: one pipe per connection, one request on it (zap_client.cpp). */
const REQUEST_ID = "1";

/** Our side's marks: one request out; the handler's own mark bounds what it can queue back (libzmq sums). */
const MARK = 1;

export type ZapHandlerRequest = Omit<ZapRequestFields, "requestId"> & { mechanism: ZapMechanismName };

/**
 * Asks the ZAP handler bound at inproc://zeromq.zap.01 (a ROUTER or REP the user runs in this process), as
 * libzmq's session_base_t::zap_connect and zap_client_t do: a pipe of its own joined to the handler, the
 * request on it, the reply checked (decodeZapReply). Resolves undefined when nothing (or a socket that is
 * neither ROUTER nor REP) is bound there, so that each mechanism applies libzmq's rule for that case.
 * `giveUpAfterMs` (the handshake interval; 0: never) ends the wait: by then the handshake itself has failed.
 */
export function askZapHandler(request: ZapHandlerRequest, giveUpAfterMs: number): Promise<ZapVerdict | undefined> {
  return new ZapExchange(request, giveUpAfterMs).start();
}

/** One request and its reply, over one inproc pipe to the handler; the pipe ends with the exchange. */
class ZapExchange implements InprocEnd, PipeOwner {
  readonly options = { sendHighWaterMark: MARK, receiveHighWaterMark: MARK };
  readonly conflateInbound = false;
  readonly conflateOutbound = false;
  /** What the handler sees of us: a DEALER without a routing id (a ROUTER handler makes one up). */
  readonly socketTypeName = "DEALER";
  readonly routingIdentity = undefined;
  readonly attachesBeforeHandshake = false;
  private pipe: Pipe | undefined = undefined;
  private connection: InprocConnection | undefined = undefined;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private settled = false;
  private resolve!: (verdict: ZapVerdict | undefined) => void;
  private reject!: (error: Error) => void;
  private readonly readReply = (): void => {
    this.onReply();
  };

  constructor(
    private readonly request: ZapHandlerRequest,
    private readonly giveUpAfterMs: number,
  ) {}

  start(): Promise<ZapVerdict | undefined> {
    const connection = inprocRegistry.connect(ZAP_NAME, this);
    // Joined at once if a handler is bound (attachPipe ran): libzmq's find_endpoint succeeded. Otherwise
    // the connect would wait for a bind; libzmq does not wait, and neither do we.
    if (this.pipe === undefined) {
      connection.close();
      return Promise.resolve(undefined);
    }
    this.connection = connection;
    const promise = new Promise<ZapVerdict | undefined>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (this.giveUpAfterMs > 0) {
      this.timer = setTimeout(() => {
        this.finish(new HandshakeError("ETIMEDOUT", `the ZAP handler did not answer within ${this.giveUpAfterMs} ms`));
      }, this.giveUpAfterMs);
      (this.timer as { unref?: () => void }).unref?.();
    }
    const frames = encodeZapRequest({ ...this.request, requestId: REQUEST_ID });
    this.pipe.write(frames.map((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)));
    return promise;
  }

  // ---- InprocEnd ----------------------------------------------------------------------------------------

  acceptsPeer(socketTypeName: string): boolean {
    // libzmq asserts that the handler is a ROUTER or REP (or SERVER); anything else is no handler here.
    return socketTypeName === "ROUTER" || socketTypeName === "REP";
  }

  attachPipe(pipe: Pipe): boolean {
    this.pipe = pipe;
    pipe.attach(this);
    return true;
  }

  // ---- PipeOwner ----------------------------------------------------------------------------------------

  pipeReadable(): void {
    // Called from inside the handler's send(): read, and end the pipe, only once that call is over.
    queueMicrotask(this.readReply);
  }

  pipeWritable(): void {
    // One request, written into an empty pipe: never waits.
  }

  pipeTerminated(): void {
    queueMicrotask(() => {
      // A reply that came before the end is still readable.
      this.onReply();
      this.finish(zapUnavailable(this.request.mechanism, "the ZAP handler went away before it answered"));
    });
  }

  pipeReconnected(): void {
    // An inproc peer never reconnects.
  }

  private onReply(): void {
    if (this.settled || this.pipe === undefined) return;
    let item = this.pipe.read();
    while (item !== undefined && !Array.isArray(item)) item = this.pipe.read();
    if (item === undefined) return;
    const reply: Message = item;
    try {
      this.finish(undefined, decodeZapReply(reply, REQUEST_ID));
    } catch (err) {
      this.finish(err as Error);
    }
  }

  /** Settles once, and ends the pipe: the handler forgets us, as it forgets a libzmq session that ends. */
  private finish(error: Error | undefined, verdict?: ZapVerdict): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.connection?.close();
    this.pipe = undefined;
    if (error === undefined) this.resolve(verdict);
    else this.reject(error);
  }
}

