import { asError, ZmqError } from "../errors.js";
import { toMessage, type Message, type MessageLike } from "../message.js";
import type { Pipe } from "../pipe/pipe.js";
import { PendingCalls, type PendingCall } from "./pending-calls.js";
import { SocketOptionFields } from "./socket-option-fields.js";
import { mayCompleteNow, nextTurn } from "./turn-budget.js";

interface PendingSend extends PendingCall<void> {
  message: Message;
}

/** A waiting `receive()`, or a `receiveMany()` (its `batch` is filled when it is served, up to `max`). */
interface PendingReceive extends PendingCall<Message> {
  batch: Message[] | undefined;
  max: number;
}

const RESOLVED: Promise<void> = Promise.resolve();

export function closedError(): ZmqError {
  return new ZmqError("EBADF", "Socket is closed");
}

/**
 * The promise machinery of zeromq.js v6's `send`, `receive` and async iteration, and zmtp's batch path,
 * over a socket type's hooks. Unlike zeromq.js, any number of `send()` and `receive()` calls may be pending;
 * they are served in call order, and the high-water marks still bound what is queued. SocketBase (endpoints,
 * events, closing) builds on it; each socket class makes public only what its type supports.
 */
export abstract class SocketMessaging extends SocketOptionFields {
  private readonly pendingSends = new PendingCalls<void, PendingSend>();
  private readonly pendingReceives = new PendingCalls<Message, PendingReceive>();
  /** Set once by SocketBase's close: every call then fails with EBADF. */
  protected isClosed = false;

  /** Whether `receive()` would resolve at once. */
  get readable(): boolean {
    return this.xhasIncoming();
  }

  /** Whether `send()` would resolve at once. */
  get writable(): boolean {
    return this.pendingSends.length === 0 && this.xcanSend();
  }

  // ---- messages (made public by the socket classes that support them) -----------------------------------

  /** Queues a message (multipart if an array); resolves once queued, waiting at the high-water mark. */
  protected sendMessage(message: MessageLike | readonly MessageLike[]): Promise<void> {
    if (this.isClosed) return Promise.reject(closedError());
    let frames: Message;
    try {
      frames = this.framesToSend(message);
      if (this.pendingSends.length === 0 && this.xsend(frames)) return mayCompleteNow() ? RESOLVED : nextTurn(undefined);
    } catch (err) {
      return Promise.reject(asError(err));
    }
    if (this.sendTimeout === 0) {
      this.sendAborted(frames);
      return Promise.reject(new ZmqError("EAGAIN", "Socket is busy writing; the high-water mark is reached"));
    }
    return new Promise<void>((resolve, reject) => {
      this.pendingSends.push({ message: frames, resolve, reject, timer: undefined }, this.sendTimeout, this.sendExpired);
    });
  }

  /**
   * Resolves to the next message's frames (zeromq.js: `Promise<Message[]>`, its `Message` being one frame;
   * spelled `Buffer[]` here so that the declarations say so).
   */
  protected receiveMessage(): Promise<Buffer[]> {
    if (this.isClosed) return Promise.reject(closedError());
    try {
      this.prepareReceive();
      if (this.pendingReceives.length === 0) {
        const message = this.xreceive();
        if (message !== undefined) return mayCompleteNow() ? Promise.resolve(message) : nextTurn(message);
      }
    } catch (err) {
      return Promise.reject(asError(err));
    }
    if (this.receiveTimeout === 0) {
      this.receiveAborted();
      return Promise.reject(new ZmqError("EAGAIN", "No message is available"));
    }
    return new Promise<Message>((resolve, reject) => {
      this.pendingReceives.push({ resolve, reject, timer: undefined, batch: undefined, max: 1 }, this.receiveTimeout, this.receiveExpired);
    });
  }

  /** A message as the socket type sends it: its frames, checked (EINVAL if none) and shaped (prepareSend). */
  private framesToSend(message: MessageLike | readonly MessageLike[]): Message {
    const frames = toMessage(message);
    if (frames.length === 0) throw new ZmqError("EINVAL", "A message needs at least one frame");
    return this.prepareSend(frames);
  }

  // ---- the batch path: many messages per await, or none ----------------------------------------------------

  /**
   * Queues the message now if it can be queued without waiting (no send is waiting before it and the
   * high-water mark leaves room): true; false if a `send()` would have to wait, and nothing was queued.
   * Throws what `send()` rejects with (EBADF, EINVAL, EFSM, EHOSTUNREACH…).
   */
  protected trySendMessage(message: MessageLike | readonly MessageLike[]): boolean {
    if (this.isClosed) throw closedError();
    if (this.pendingSends.length > 0) return false;
    const prepared = this.framesToSend(message);
    if (this.xsend(prepared)) return true;
    this.sendAborted(prepared);
    return false;
  }

  /**
   * Queues the messages in order, each as `send()` would; resolves once the last is queued. Those that find
   * room are queued at once, with no promise each; the rest wait at the high-water mark in call order. On
   * a failure the promise rejects and the messages before the failing one stay queued.
   */
  protected sendManyMessages(messages: readonly (MessageLike | readonly MessageLike[])[]): Promise<void> {
    let i = 0;
    try {
      while (i < messages.length && this.trySendMessage(messages[i]!)) i++;
    } catch (err) {
      return Promise.reject(asError(err));
    }
    if (i === messages.length) return mayCompleteNow() ? RESOLVED : nextTurn(undefined);
    return this.sendRemaining(messages, i);
  }

  private async sendRemaining(messages: readonly (MessageLike | readonly MessageLike[])[], from: number): Promise<void> {
    for (let i = from; i < messages.length; i++) {
      if (this.trySendMessage(messages[i]!)) continue;
      await this.sendMessage(messages[i]!);
    }
  }

  /**
   * The next message if one has arrived and no `receive()` waits before it; undefined otherwise (nothing
   * waits for it). Throws what `receive()` rejects with (EBADF, EFSM, ENOTSUP).
   */
  protected tryReceiveMessage(): Buffer[] | undefined {
    if (this.isClosed) throw closedError();
    if (this.pendingReceives.length > 0) return undefined;
    this.prepareReceive();
    const message = this.xreceive();
    if (message === undefined) this.receiveAborted();
    return message;
  }

  /**
   * Resolves to every message that has arrived, at least one and at most `max`, in order: waits (up to
   * `receiveTimeout`) for the first as `receive()` does. REQ and REP take one at a time (their state
   * machines alternate), so they resolve to one.
   */
  protected receiveManyMessages(max: number): Promise<Buffer[][]> {
    if (!Number.isInteger(max) || max < 1) return Promise.reject(new ZmqError("EINVAL", "max must be a positive integer"));
    if (this.isClosed) return Promise.reject(closedError());
    const batch: Message[] = [];
    try {
      this.prepareReceive();
      if (this.pendingReceives.length === 0) {
        const first = this.xreceive();
        if (first !== undefined) {
          batch.push(first);
          this.drainInto(batch, max);
          return mayCompleteNow() ? Promise.resolve(batch) : nextTurn(batch);
        }
      }
    } catch (err) {
      return Promise.reject(asError(err));
    }
    if (this.receiveTimeout === 0) {
      this.receiveAborted();
      return Promise.reject(new ZmqError("EAGAIN", "No message is available"));
    }
    return new Promise<Message>((resolve, reject) => {
      this.pendingReceives.push({ resolve, reject, timer: undefined, batch, max }, this.receiveTimeout, this.receiveExpired);
    }).then(() => this.completeBatch(batch, max));
  }

  /**
   * A waiting receiveMany() got its first message (serveReceives left it at the head of the queue, so that
   * nothing overtakes it): one microtask later, once the transport has delivered the rest of what came
   * with it, it takes that too, leaves the queue, and the calls behind it are served.
   */
  private completeBatch(batch: Message[], max: number): Message[] {
    if (this.pendingReceives.peek()?.batch === batch) this.pendingReceives.shift();
    if (!this.isClosed) {
      this.drainInto(batch, max);
      this.serveReceives();
    }
    return batch;
  }

  /** Adds what has arrived to a batch whose first message is in, up to `max` (one for REQ and REP). */
  private drainInto(batch: Message[], max: number): void {
    if (!this.receivesInBatches) return;
    while (batch.length < max) {
      const message = this.xreceive();
      if (message === undefined) return;
      batch.push(message);
    }
  }

  /** False for types whose receives alternate with sends (REQ, REP): a batch is then one message. */
  protected get receivesInBatches(): boolean {
    return true;
  }

  /** The async iterator of the readable socket types: ends when the socket closes. */
  protected messages(): AsyncIterator<Buffer[], undefined> {
    return {
      next: async (): Promise<IteratorResult<Buffer[], undefined>> => {
        if (this.isClosed) return { done: true, value: undefined };
        try {
          return { done: false, value: await this.receiveMessage() };
        } catch (err) {
          if (this.isClosed && (err as ZmqError).code === "EAGAIN") return { done: true, value: undefined };
          throw err;
        }
      },
    };
  }

  // ---- hooks for socket types ---------------------------------------------------------------------------

  /** Validates and shapes an outgoing message (REQ adds the delimiter, SUB refuses…). May throw. */
  protected prepareSend(message: Message): Message {
    return message;
  }

  /** Checks that receiving is allowed now (REQ: only after a request). May throw. */
  protected prepareReceive(): void {
    // Most socket types may always receive.
  }

  /** A send accepted by prepareSend failed with EAGAIN (REQ rolls its state back). */
  protected sendAborted(_message: Message): void {
    // Most socket types keep no state per send.
  }

  /** A receive accepted by prepareReceive failed with EAGAIN. */
  protected receiveAborted(): void {
    // Most socket types keep no state per receive.
  }

  protected abstract xattach(pipe: Pipe): boolean;
  protected abstract xdetach(pipe: Pipe): void;
  protected abstract xreadable(pipe: Pipe): void;
  protected abstract xwritable(pipe: Pipe): void;
  /** Queues the message on some pipe; false if it must wait. May throw (EHOSTUNREACH…). */
  protected abstract xsend(message: Message): boolean;
  protected abstract xreceive(): Message | undefined;
  protected abstract xhasIncoming(): boolean;
  protected abstract xcanSend(): boolean;

  /** A pipe's peer completed a new handshake after a reconnect (ROUTER re-registers its identity). */
  protected xpeerReady(_pipe: Pipe): void {
    // Most socket types do not care who the peer is.
  }

  /**
   * Serves waiting receives while messages are there. Socket types call it when something may now be
   * received outside a pipe event (e.g. a REQ reset). Never re-entered: reading only ever wakes a writer
   * later (PipeOwner.pipeWritable is asynchronous).
   */
  protected serveReceives(): void {
    const pending = this.pendingReceives;
    while (pending.length > 0) {
      const head = pending.peek()!;
      if (head.batch !== undefined) {
        // A receiveMany(): woken by its first message, it stays at the head until completeBatch().
        if (head.batch.length > 0) return;
        const message = this.xreceive();
        if (message === undefined) return;
        head.batch.push(message);
        head.resolve(message);
        return;
      }
      const message = this.xreceive();
      if (message === undefined) return;
      pending.resolveNext(message);
    }
  }

  /** Serves waiting sends while the socket type accepts them, oldest first. */
  protected serveSends(): void {
    const pending = this.pendingSends;
    while (pending.length > 0) {
      const p = pending.peek()!;
      let sent: boolean;
      try {
        sent = this.xsend(p.message);
      } catch (err) {
        pending.shift();
        p.reject(asError(err));
        continue;
      }
      if (!sent) return;
      pending.resolveNext();
    }
  }

  /** Fails every waiting send and receive (the socket is closing). */
  protected rejectPendingCalls(err: Error): void {
    this.pendingReceives.rejectAll(err);
    this.pendingSends.rejectAll(err);
  }

  /** A waiting send's `sendTimeout` ran out (it has left the queue). */
  private readonly sendExpired = (pending: PendingSend): void => {
    this.sendAborted(pending.message);
    pending.reject(new ZmqError("EAGAIN", "Socket is busy writing; the high-water mark is reached"));
    this.serveSends();
  };

  /** A waiting receive's `receiveTimeout` ran out (it has left the queue). */
  private readonly receiveExpired = (pending: PendingReceive): void => {
    this.receiveAborted();
    pending.reject(new ZmqError("EAGAIN", "No message is available"));
  };
}
