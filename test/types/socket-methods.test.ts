/**
 * Each socket class declares only the methods its type supports, as zeromq.js's declarations do (issue
 * 14 item 4). The `@ts-expect-error` lines are the type tests: `npm test` compiles this file with
 * `tsc --noEmit`, which fails if any of them stops being an error. The runtime half checks that JavaScript
 * callers meet the same shape.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  Dealer,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  Stream,
  Subscriber,
  XPublisher,
  XSubscriber,
  type Readable,
  type Socket,
  type Writable,
} from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";

const track = socketTracker();

/** Never called: only compiled. */
export function typeTests(push: Push, pull: Pull, pub: Publisher, sub: Subscriber, socket: Socket): void {
  // @ts-expect-error a Push cannot receive
  void push.receive();
  // @ts-expect-error nor be iterated
  push[Symbol.asyncIterator]();
  // @ts-expect-error a Pull cannot send
  void pull.send("x");
  // @ts-expect-error a Publisher cannot receive
  void pub.receive();
  // @ts-expect-error a Subscriber cannot send
  void sub.send("x");
  // @ts-expect-error the base Socket type has neither
  void socket.send("x");
  // @ts-expect-error close() returns void, as in zeromq.js: nothing to await (closeAndWait() is the promise)
  const notAPromise: Promise<void> = push.close(); // eslint-disable-line @typescript-eslint/no-confusing-void-expression
  void notAPromise;
  // @ts-expect-error a misspelt option is not a property
  pull.receiveTimout = 200;
  // @ts-expect-error options are typed
  pull.linger = "0";
}

describe("socket classes have only the methods their type supports", () => {
  it("types: send() on writers, receive() and iteration on readers, close() is void", () => {
    expectTypeOf<Push>().toExtend<Writable>();
    expectTypeOf<Pull>().toExtend<Readable>();
    expectTypeOf<Publisher>().toExtend<Writable>();
    expectTypeOf<Subscriber>().toExtend<Readable>();
    expectTypeOf<Pair | Request | Reply | Dealer | Router | XPublisher | XSubscriber | Stream>().toExtend<Readable & Writable>();
    expectTypeOf<Push["close"]>().returns.toBeVoid();
    expectTypeOf<Push["closeAndWait"]>().returns.toEqualTypeOf<Promise<void>>();
  });

  const shapes: [string, () => Socket, boolean, boolean][] = [
    ["Push", () => new Push(), true, false],
    ["Pull", () => new Pull(), false, true],
    ["Publisher", () => new Publisher(), true, false],
    ["Subscriber", () => new Subscriber(), false, true],
    ["Pair", () => new Pair(), true, true],
    ["Request", () => new Request(), true, true],
    ["Reply", () => new Reply(), true, true],
    ["Dealer", () => new Dealer(), true, true],
    ["Router", () => new Router(), true, true],
    ["XPublisher", () => new XPublisher(), true, true],
    ["XSubscriber", () => new XSubscriber(), true, true],
    ["Stream", () => new Stream(), true, true],
  ];

  it.each(shapes)("%s: the same at run time", (_name, make, sends, receives) => {
    const socket = track(make()) as unknown as Record<string | symbol, unknown>;
    expect(typeof socket.send).toBe(sends ? "function" : "undefined");
    expect(typeof socket.receive).toBe(receives ? "function" : "undefined");
    expect(typeof socket[Symbol.asyncIterator]).toBe(receives ? "function" : "undefined");
  });

  it("close() returns nothing; closeAndWait() settles once the socket is closed", async () => {
    const push = track(new Push());
    // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression -- checking what close() returns
    expect(push.close()).toBeUndefined();
    expect(push.closed).toBe(true);
    await expect(push.closeAndWait()).resolves.toBeUndefined();
  });
});
