import { holdProcess, releaseProcess } from "../keep-alive.js";
import { RingQueue } from "../pipe/ring-queue.js";

/** A `send()` or `receive()` call waiting for its turn: its promise's settlers and its timeout. */
export interface PendingCall<T> {
  resolve: (value: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The calls of one kind (sends or receives) waiting on a socket, oldest first. zeromq.js allows one and
 * answers EBUSY to the next; here any number wait and are served in call order. Each may carry a timeout
 * (`sendTimeout` / `receiveTimeout`) after which it leaves the queue, wherever it stands.
 *
 * While any call waits, the queue keeps the process alive (keep-alive.ts): held when the first call comes,
 * released when the last one leaves (served, timed out or rejected). An open socket alone does not.
 */
export class PendingCalls<T, C extends PendingCall<T> = PendingCall<T>> {
  private readonly queue = new RingQueue<C>();
  /** Calls whose timeout fired: they stay in the ring, skipped, until they reach its head (O(1) per timeout). */
  private readonly expired = new Set<C>();
  /**
   * How many calls are waiting (expired ones not counted): the ring's length less the expired set's size,
   * kept as a number because it is read on every send() and receive() (a Set's size is a builtin call).
   */
  private waiting = 0;

  /** How many calls are waiting (expired ones not counted). */
  get length(): number {
    return this.waiting;
  }

  /** The oldest call, left in place (a send that may still find no room). */
  peek(): C | undefined {
    this.skipExpired();
    return this.queue.peek();
  }

  /** Queues a call; after `timeout` ms (if > 0) it leaves the queue and `expire` is told. */
  push(call: C, timeout: number, expire: (call: C) => void): void {
    if (this.waiting++ === 0) holdProcess();
    if (timeout > 0) {
      call.timer = setTimeout(() => {
        this.expired.add(call);
        if (--this.waiting === 0) releaseProcess();
        expire(call);
      }, timeout);
    }
    this.queue.push(call);
  }

  /** Takes the oldest call out, its timeout cleared; the caller settles it. */
  shift(): C | undefined {
    this.skipExpired();
    const call = this.queue.shift();
    if (call !== undefined) {
      if (call.timer !== undefined) clearTimeout(call.timer);
      if (--this.waiting === 0) releaseProcess();
    }
    return call;
  }

  /** Settles the oldest call with a value. */
  resolveNext(value: T): void {
    this.shift()?.resolve(value);
  }

  /** Fails every waiting call (the socket closed). */
  rejectAll(err: Error): void {
    for (let call = this.shift(); call !== undefined; call = this.shift()) call.reject(err);
  }

  private skipExpired(): void {
    if (this.queue.length === this.waiting) return;
    const expired = this.expired;
    for (let call = this.queue.peek(); call !== undefined && expired.delete(call); call = this.queue.peek()) {
      this.queue.shift();
    }
  }
}
