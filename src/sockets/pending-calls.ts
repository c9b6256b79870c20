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
 */
export class PendingCalls<T, C extends PendingCall<T> = PendingCall<T>> {
  private readonly queue = new RingQueue<C>();

  get length(): number {
    return this.queue.length;
  }

  /** The oldest call, left in place (a send that may still find no room). */
  peek(): C | undefined {
    return this.queue.peek();
  }

  /** Queues a call; after `timeout` ms (if > 0) `expire` is told, once the call has left the queue. */
  push(call: C, timeout: number, expire: (call: C) => void): void {
    if (timeout > 0) {
      call.timer = setTimeout(() => {
        if (this.remove(call)) expire(call);
      }, timeout);
    }
    this.queue.push(call);
  }

  /** Takes the oldest call out, its timeout cleared; the caller settles it. */
  shift(): C | undefined {
    const call = this.queue.shift();
    if (call !== undefined) clearTimeout(call.timer);
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

  /** Takes one call out of the middle of the queue (its timeout fired); false if it is gone already. */
  private remove(call: C): boolean {
    const calls = this.queue.drain();
    const at = calls.indexOf(call);
    if (at >= 0) calls.splice(at, 1);
    for (const other of calls) this.queue.push(other);
    return at >= 0;
  }
}
