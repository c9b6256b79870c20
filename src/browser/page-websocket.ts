import { ProtocolError, ZmqError } from "../errors.js";
import type { MessageReceiver, MessageStream, StreamListener } from "../transport/websocket/message-stream.js";

/** The part of the page's WebSocket (the DOM's) used here; this build's lib has no DOM typings. */
interface DomWebSocket {
  binaryType: string;
  readonly protocol: string;
  readonly bufferedAmount: number;
  readonly readyState: number;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: (() => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}
type DomWebSocketConstructor = new (url: string, protocols: string[]) => DomWebSocket;

/** Above this many octets queued in the browser, we are congested; below the low mark, writable again. */
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
/** A page cannot make its peer wait: while paused, at most this much waits in memory, then the stream ends. */
const WAIT_LIMIT = 64 * 1024 * 1024;
const CLOSED = 3;

/** The page's WebSocket class, or why there is none. */
export function domWebSocket(): DomWebSocketConstructor {
  const ctor = (globalThis as { WebSocket?: DomWebSocketConstructor }).WebSocket;
  if (ctor === undefined) throw new ZmqError("EPROTONOSUPPORT", "This runtime has no WebSocket: ws:// needs a browser's WebSocket (or Node.js)");
  return ctor;
}

/**
 * A dialed ws:// or wss:// stream over the page's own WebSocket: the browser does the upgrade, the framing
 * and the masking; this hands whole binary messages on, refuses text, and stands in for what a page cannot
 * do. It cannot stop reading (a paused receiver's messages wait here, bounded by WAIT_LIMIT) and has no
 * 'drain' event (congestion is `bufferedAmount`, watched while it is high).
 */
export class PageWebSocket implements MessageStream {
  private readonly socket: DomWebSocket;
  private readonly listeners = new Map<string, Set<StreamListener>>();
  private receiver: MessageReceiver | undefined = undefined;
  private opened = false;
  private ended = false;
  private queued: Uint8Array[][] = [];
  private queuedBytes = 0;
  private paused = false;
  private waiting: Uint8Array[] = [];
  private waitingBytes = 0;
  private endAfterWaiting: { error: Error | undefined } | undefined = undefined;
  private limit = 64 * 1024 + 1;
  private watching = false;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(url: string, offered: readonly string[], handshakeInterval: number) {
    this.socket = new (domWebSocket())(url, [...offered]);
    this.socket.binaryType = "arraybuffer";
    if (handshakeInterval > 0) {
      this.timer = setTimeout(() => {
        this.failDial(new ZmqError("ETIMEDOUT", `the WebSocket upgrade took more than ${handshakeInterval} ms: ${url}`));
      }, handshakeInterval);
    }
    this.socket.onopen = () => {
      clearTimeout(this.timer);
      if (!offered.includes(this.socket.protocol)) {
        this.failDial(new ProtocolError(`the server chose subprotocol ${JSON.stringify(this.socket.protocol)}, which was not offered`, "ERR_WS_UNSPECIFIED"));
        return;
      }
      this.opened = true;
      this.emit("connect");
    };
    this.socket.onmessage = (event) => {
      this.arrived(event.data);
    };
    this.socket.onclose = (event) => {
      clearTimeout(this.timer);
      const why = `the WebSocket closed (${event.code}${event.reason === "" ? "" : ` ${event.reason}`})`;
      if (!this.opened) this.failDial(new ZmqError("ECONNREFUSED", why));
      else this.finishAfterWaiting(new ZmqError("ECONNRESET", why));
    };
  }

  get protocol(): string {
    return this.opened ? this.socket.protocol : "";
  }

  get remoteAddress(): string | undefined {
    return undefined;
  }

  get destroyed(): boolean {
    return this.ended;
  }

  // ---- events, as a net.Socket's ("connect", "error", "close") ------------------------------------------

  on(event: string, listener: StreamListener): this {
    let set = this.listeners.get(event);
    if (set === undefined) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  once(event: string, listener: StreamListener): this {
    const once: StreamListener = (error) => {
      this.off(event, once);
      listener(error);
    };
    (once as { original?: StreamListener }).original = listener;
    return this.on(event, once);
  }

  off(event: string, listener: StreamListener): this {
    const set = this.listeners.get(event);
    if (set === undefined) return this;
    for (const l of set) if (l === listener || (l as { original?: StreamListener }).original === listener) set.delete(l);
    return this;
  }

  private emit(event: string, error?: Error): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(error);
  }

  // ---- messages in --------------------------------------------------------------------------------------

  receive(receiver: MessageReceiver): void {
    this.receiver = receiver;
  }

  private arrived(data: unknown): void {
    if (this.ended) return;
    if (!(data instanceof ArrayBuffer)) {
      this.fail(new ProtocolError("WebSocket: a text message (ZWS messages are binary)", "ERR_WS_UNSPECIFIED"));
      return;
    }
    if (data.byteLength > this.limit) {
      this.fail(new ZmqError("EMSGSIZE", `WebSocket message of ${data.byteLength} octets exceeds the limit of ${this.limit}`));
      return;
    }
    // A view of the browser's own buffer: no copy.
    const payload = Buffer.from(data);
    if (!this.paused && this.waiting.length === 0) {
      this.receiver?.onMessage(payload);
      return;
    }
    this.waiting.push(payload);
    this.waitingBytes += payload.length;
    if (this.waitingBytes > WAIT_LIMIT) {
      this.fail(new ZmqError("ECONNRESET", `the peer sent ${this.waitingBytes} octets more than this page read (a browser's WebSocket cannot push back)`));
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    while (!this.paused && !this.ended && this.waiting.length > 0) {
      const payload = this.waiting.shift()!;
      this.waitingBytes -= payload.length;
      this.receiver?.onMessage(payload);
    }
    if (!this.paused && !this.ended && this.endAfterWaiting !== undefined) this.finish(this.endAfterWaiting.error);
  }

  limitMessages(max: number): void {
    this.limit = max;
  }

  // ---- messages out -------------------------------------------------------------------------------------

  send(parts: readonly Uint8Array[]): void {
    if (this.ended) return;
    this.queued.push([...parts]);
    for (const part of parts) this.queuedBytes += part.length;
  }

  get pendingBytes(): number {
    return this.queuedBytes;
  }

  flush(): void {
    const messages = this.queued;
    this.queued = [];
    this.queuedBytes = 0;
    if (this.ended || this.socket.readyState === CLOSED) return;
    for (const parts of messages) this.socket.send(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  }

  get congested(): boolean {
    if (this.ended || this.endAfterWaiting !== undefined) return true;
    if (this.socket.bufferedAmount <= HIGH_WATER) return false;
    this.watchDrain();
    return true;
  }

  /** No 'drain' in a browser: look again until the browser has sent enough. */
  private watchDrain(): void {
    if (this.watching) return;
    this.watching = true;
    const look = (): void => {
      if (this.ended) return;
      if (this.socket.bufferedAmount > LOW_WATER) {
        setTimeout(look, 5);
        return;
      }
      this.watching = false;
      this.receiver?.onWritable();
    };
    setTimeout(look, 5);
  }

  // ---- life ---------------------------------------------------------------------------------------------

  end(): Promise<void> {
    this.flush();
    if (this.ended) return Promise.resolve();
    this.ended = true;
    return new Promise<void>((resolve) => {
      this.socket.onclose = () => {
        resolve();
        this.emit("close");
      };
      this.socket.close(1000);
    });
  }

  destroy(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.socket.onclose = null;
    this.socket.onmessage = null;
    this.socket.close(1000);
    this.emit("close");
  }

  private failDial(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.socket.onclose = null;
    this.socket.close();
    this.emit("error", error);
    this.emit("close");
  }

  private finishAfterWaiting(error: Error | undefined): void {
    if (this.ended || this.endAfterWaiting !== undefined) return;
    if (!this.paused && this.waiting.length === 0) this.finish(error);
    else this.endAfterWaiting = { error };
  }

  private fail(error: Error): void {
    this.socket.close(1002);
    this.finish(error);
  }

  private finish(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.waiting = [];
    this.socket.onclose = null;
    this.socket.onmessage = null;
    const receiver = this.receiver;
    this.receiver = undefined;
    receiver?.onEnd(error);
    this.emit("close");
  }
}
