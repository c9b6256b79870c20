/**
 * PUB/SUB over ws:// (ZWS 2.0) against libzmq 4.3.5, zmtp on either end, each end binding in turn. libzmq
 * takes subscriptions over ws only as `\x01topic` data frames (it drops SUBSCRIBE commands there), so a
 * zmtp SUB must send them that way, and a zmtp XPUB must read libzmq's; the XPUB cases show the publisher
 * saw each subscription and cancel.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { messageText } from "../helpers/text.js";
import { collectUntil, describeSub, untilFirst } from "../sockets/pubsub-helpers.js";

const WAIT = 5000;

type Impl = "zmtp" | "libzmq";

interface Publisher {
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  send(message: string | string[]): Promise<void>;
  receive?: () => Promise<Buffer[]>;
  readonly lastEndpoint: string | null;
  close(): void;
}

interface Subscriber {
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  receive(): Promise<Buffer[]>;
  readonly lastEndpoint: string | null;
  close(): void;
}

const open: { close(): void }[] = [];
afterEach(() => {
  for (const socket of open.splice(0)) socket.close();
});

function publisher(impl: Impl, xpub: boolean): Publisher {
  const options = { linger: 0, ...(xpub ? { receiveTimeout: WAIT } : {}) };
  const socket: Publisher =
    impl === "zmtp"
      ? xpub
        ? new zmtp.XPublisher(options)
        : new zmtp.Publisher(options)
      : xpub
        ? new zmq.XPublisher(options)
        : new zmq.Publisher(options);
  open.push(socket);
  return socket;
}

function subscriber(impl: Impl): Subscriber {
  const options = { linger: 0, receiveTimeout: WAIT };
  const socket: Subscriber = impl === "zmtp" ? new zmtp.Subscriber(options) : new zmq.Subscriber(options);
  open.push(socket);
  return socket;
}

const address = (impl: Impl): string => (impl === "zmtp" ? "ws://127.0.0.1:0/pubsub" : "ws://127.0.0.1:*/pubsub");

const cases = (["zmtp", "libzmq"] as const).flatMap((pubImpl) =>
  [false, true].flatMap((xpub) =>
    (["pub", "sub"] as const).map((binder) => ({ pubImpl, subImpl: pubImpl === "zmtp" ? ("libzmq" as const) : ("zmtp" as const), xpub, binder })),
  ),
);

describe("PUB/SUB over ws:// with libzmq", () => {
  it.each(cases.map((c) => [`${c.pubImpl} ${c.xpub ? "XPUB" : "PUB"} -> ${c.subImpl} SUB, ${c.binder === "pub" ? "publisher" : "subscriber"} binds`, c] as const))(
    "%s: filters by prefix, delivers multipart whole, honours unsubscribe",
    async (_name, c) => {
      const pub = publisher(c.pubImpl, c.xpub);
      const sub = subscriber(c.subImpl);
      sub.subscribe("A");
      if (c.binder === "pub") {
        await pub.bind(address(c.pubImpl));
        expect(pub.lastEndpoint).toMatch(/^ws:\/\/127\.0\.0\.1:[1-9]\d*\/pubsub$/);
        sub.connect(pub.lastEndpoint!);
      } else {
        await sub.bind(address(c.subImpl));
        pub.connect(sub.lastEndpoint!);
      }
      await untilFirst(sub, () => pub.send("Async"), (m) => messageText(m) === "Async");
      for (const m of ["A1", "B1", ["A2", "x"], "a3", ["B", "A"]]) await pub.send(m);
      await pub.send("Aend");
      expect(await collectUntil(sub, "Aend")).toEqual(["A1", "A2|x", "Aend"]);
      if (c.xpub) expect(describeSub(await pub.receive!())).toBe("+A");

      sub.subscribe("C");
      await untilFirst(sub, () => pub.send("Csync"), (m) => messageText(m) === "Csync");
      sub.unsubscribe("A");
      if (c.xpub) {
        expect(describeSub(await pub.receive!())).toBe("+C");
        expect(describeSub(await pub.receive!())).toBe("-A");
      }
      // Once the cancel is in force, no "A" comes before the fence.
      let clean = false;
      for (let i = 0; i < 250 && !clean; i++) {
        await pub.send("Aprobe");
        await pub.send(`Cfence${i}`);
        clean = (await collectUntil(sub, `Cfence${i}`)).length === 1;
      }
      expect(clean).toBe(true);
    },
  );
});
