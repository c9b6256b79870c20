import { randomFillSync } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { asError, ZmqError } from "../../errors.js";
import type { MessageReceiver, MessageStream } from "./message-stream.js";
import { OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG, WsFrameDecoder, type WsFrameSink } from "./ws-frame-decoder.js";
import { WsFrameEncoder } from "./ws-frame-encoder.js";

const allocate = (size: number): Uint8Array => Buffer.allocUnsafe(size);

/** Masking keys come from a pool of random octets, refilled 4 KiB at a time (one system call per 1,024 frames). */
const maskPool = Buffer.allocUnsafe(4096);
let maskAt = maskPool.length;
function fillMask(mask: Uint8Array): void {
  if (maskAt + 4 > maskPool.length) {
    randomFillSync(maskPool);
    maskAt = 0;
  }
  mask.set(maskPool.subarray(maskAt, maskAt + 4));
  maskAt += 4;
}

/** RFC 6455 §7.4.1: 1000, a normal closure. */
const NORMAL_CLOSURE = Uint8Array.of(0x03, 0xe8);
const EMPTY = new Uint8Array(0);

/** Before the upgrade is done, the largest message accepted (the protocol raises it after its handshake). */
const INITIAL_MESSAGE_LIMIT = 64 * 1024 + 1;

/**
 * A WebSocket on Node over a socket of ours, after the HTTP upgrade (RFC 6455 §5): binary messages out and
 * in (WsFrameEncoder, WsFrameDecoder), pings answered with the same payload, a close frame echoed before the
 * socket ends. A dialed one exists from the start (the session listens for "connect"), opened once the
 * server has switched protocols; an accepted one is open when it is made.
 */
export class WebSocketConnection extends EventEmitter implements MessageStream, WsFrameSink {
  private socket: Socket | undefined = undefined;
  private decoder: WsFrameDecoder | undefined = undefined;
  private encoder: WsFrameEncoder | undefined = undefined;
  private receiver: MessageReceiver | undefined = undefined;
  private head: Buffer | undefined = undefined;
  private agreed = "";
  private ended = false;
  private closeSent = false;
  /** The receiver asked for no more messages for now; what is decoded meanwhile waits in `waiting`. */
  private paused = false;
  private waiting: Uint8Array[] = [];
  /** The peer closed (or the socket failed) while messages still wait: the end comes after them. */
  private endAfterWaiting: { error: Error | undefined } | undefined = undefined;
  private messageLimit = INITIAL_MESSAGE_LIMIT;
  /** Set while dialing: stops the upgrade request. */
  abortDial: (() => void) | undefined = undefined;

  constructor(private readonly client: boolean) {
    super();
  }

  get protocol(): string {
    return this.agreed;
  }

  get remoteAddress(): string | undefined {
    return this.socket?.remoteAddress;
  }

  get destroyed(): boolean {
    return this.ended;
  }

  /** The upgrade is done: frames flow over `socket`, starting with `head` (what followed the HTTP headers). */
  open(socket: Socket, head: Buffer, protocol: string): void {
    if (this.ended) {
      socket.destroy();
      return;
    }
    this.abortDial = undefined;
    this.socket = socket;
    this.head = head.length > 0 ? head : undefined;
    this.agreed = protocol;
    socket.setNoDelay(true);
    // An open socket never keeps the process alive (keep-alive.ts): neither do its connections.
    socket.unref();
    this.encoder = new WsFrameEncoder({ masked: this.client, allocate, fillMask });
    this.decoder = new WsFrameDecoder(this, { masked: !this.client, maxPayload: this.messageLimit, allocate });
    socket.on("error", (err: Error) => {
      this.finishAfterWaiting(err);
    });
    socket.on("close", () => {
      this.finishAfterWaiting(new ZmqError("ECONNRESET", "the WebSocket connection was closed by the peer"));
    });
    socket.on("drain", () => this.receiver?.onWritable());
    // Reading starts when a receiver is there (receive()).
    socket.pause();
    if (this.client) this.emit("connect");
  }

  /** The dial or the upgrade failed: as a net.Socket, "error" then "close". */
  fail(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.abortDial = undefined;
    this.socket?.destroy();
    this.emit("error", error);
    this.emit("close");
  }

  receive(receiver: MessageReceiver): void {
    const socket = this.socket;
    if (socket === undefined || this.receiver !== undefined) return;
    this.receiver = receiver;
    socket.on("data", (chunk: Buffer) => {
      this.decode(chunk);
    });
    const head = this.head;
    this.head = undefined;
    if (head !== undefined) this.decode(head);
    if (!this.ended && !this.paused) socket.resume();
  }

  private decode(chunk: Buffer): void {
    if (this.ended) return;
    try {
      this.decoder!.push(chunk);
    } catch (err) {
      this.finish(asError(err));
    }
  }

  // ---- frames in (WsFrameSink) ----------------------------------------------------------------------------

  onMessage(payload: Uint8Array): void {
    // Paused, a chunk's further messages wait (as a paused net.Socket keeps its unread bytes).
    if (this.paused || this.waiting.length > 0) this.waiting.push(payload);
    else this.receiver?.onMessage(payload);
  }

  onControl(opcode: number, payload: Uint8Array): void {
    if (opcode === OPCODE_PING) {
      // RFC 6455 §5.5.3: the pong carries the ping's payload (libzmq's is empty, and so is its ping's).
      this.encoder!.control(OPCODE_PONG, Uint8Array.from(payload));
      this.flush();
    } else if (opcode === OPCODE_PONG) {
      this.receiver?.onPong();
    } else if (opcode === OPCODE_CLOSE) {
      // RFC 6455 §5.5.1: echo the close, then the connection ends (libzmq does the same).
      this.sendClose(payload.length >= 2 ? Uint8Array.from(payload.subarray(0, 2)) : EMPTY);
      this.socket?.end();
      this.decoder?.stop();
      this.finishAfterWaiting(new ZmqError("ECONNRESET", "the peer closed the WebSocket"));
    }
  }

  // ---- frames out ---------------------------------------------------------------------------------------

  send(parts: readonly Uint8Array[]): void {
    if (this.ended || this.closeSent) return;
    this.encoder!.message(parts);
  }

  get pendingBytes(): number {
    return this.encoder?.pendingBytes ?? 0;
  }

  get congested(): boolean {
    return this.ended || this.endAfterWaiting !== undefined || (this.socket?.writableNeedDrain ?? true);
  }

  flush(): void {
    const socket = this.socket;
    const encoder = this.encoder;
    if (socket === undefined || encoder === undefined || encoder.pendingBytes === 0 || socket.destroyed) return;
    const chunks = encoder.take();
    if (chunks.length === 1) {
      socket.write(chunks[0]!);
      return;
    }
    socket.cork();
    for (const chunk of chunks) socket.write(chunk);
    socket.uncork();
  }

  ping(): void {
    if (this.ended || this.closeSent) return;
    this.encoder!.control(OPCODE_PING, EMPTY);
    this.flush();
  }

  private sendClose(payload: Uint8Array): void {
    if (this.closeSent || this.encoder === undefined) return;
    this.closeSent = true;
    this.encoder.control(OPCODE_CLOSE, payload);
    this.flush();
  }

  // ---- flow and life ------------------------------------------------------------------------------------

  pause(): void {
    this.paused = true;
    this.socket?.pause();
  }

  resume(): void {
    this.paused = false;
    // What waited first; the receiver may pause again while taking it.
    while (!this.paused && !this.ended && this.waiting.length > 0) this.receiver?.onMessage(this.waiting.shift()!);
    if (this.paused || this.ended) return;
    const end = this.endAfterWaiting;
    if (end !== undefined) this.finish(end.error);
    else if (this.receiver !== undefined) this.socket?.resume();
  }

  limitMessages(max: number): void {
    this.messageLimit = max;
    this.decoder?.limitPayload(max);
  }

  async end(): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || this.ended) {
      this.destroy();
      return;
    }
    this.flush();
    this.sendClose(NORMAL_CLOSURE);
    this.ended = true;
    this.decoder?.stop();
    await new Promise<void>((resolve) => {
      socket.once("close", () => {
        resolve();
      });
      socket.end();
      // Read on (what comes is dropped, decode() ignores it once ended) so that the peer's end is seen: a
      // paused socket never reads the FIN and never closes, and both ends of a refused handshake wait.
      socket.resume();
    });
    this.emit("close");
  }

  destroy(): void {
    const wasEnded = this.ended;
    this.ended = true;
    this.decoder?.stop();
    this.abortDial?.();
    this.abortDial = undefined;
    this.socket?.destroy();
    if (!wasEnded) this.emit("close");
  }

  /** The peer is gone: the receiver hears it once it has taken what waits for it. */
  private finishAfterWaiting(error: Error | undefined): void {
    if (this.ended || this.endAfterWaiting !== undefined) return;
    if (this.waiting.length === 0 && !this.paused) this.finish(error);
    else this.endAfterWaiting = { error };
  }

  /** The socket ended or the input broke the rules: the receiver hears it once. */
  private finish(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.waiting = [];
    this.decoder?.stop();
    this.socket?.destroy();
    const receiver = this.receiver;
    this.receiver = undefined;
    receiver?.onEnd(error);
    this.emit("close");
  }
}
