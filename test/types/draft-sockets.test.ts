/**
 * The draft socket classes have zeromq.js's draft shapes (`zeromq/draft`'s declarations): what each one's
 * `receive()` resolves to, what its `send()` takes, and only the methods its type supports. The
 * `@ts-expect-error` lines are type tests, compiled by `tsc --noEmit`; the runtime half checks JavaScript
 * callers meet the same shape.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  Channel,
  Client,
  Dish,
  Gather,
  Peer,
  Radio,
  Scatter,
  Server,
  type DishGroupOptions,
  type MessageLike,
  type RadioGroupOptions,
  type Readable,
  type ServerRoutingOptions,
  type Socket,
  type Writable,
} from "../../src/draft.js";
import { socketTracker } from "../helpers/socket-tracker.js";

const track = socketTracker();

/** Never called: only compiled. Code written against zeromq.js's draft sockets, and what it may not do. */
export async function typeTests(server: Server, client: Client, radio: Radio, dish: Dish, gather: Gather, scatter: Scatter, channel: Channel): Promise<void> {
  const [request, { routingId }] = await server.receive();
  await server.send(request, { routingId });
  const [body, { group }] = await dish.receive();
  await radio.send(body, { group });
  await radio.send("text", { group: "a group" });
  dish.join("a", Buffer.from("b"));
  dish.leave("a");
  const [answer] = await client.receive();
  await client.send(answer);
  const [work] = await gather.receive();
  await scatter.send(work);
  // @ts-expect-error a SERVER's send needs the routing id
  await server.send("x");
  // @ts-expect-error a RADIO's send needs the group
  await radio.send("x");
  // @ts-expect-error a RADIO cannot receive
  await radio.receive();
  // @ts-expect-error a DISH cannot send
  await dish.send("x");
  // @ts-expect-error a GATHER cannot send
  await gather.send("x");
  // @ts-expect-error a SCATTER cannot receive
  await scatter.receive();
  // @ts-expect-error single frames only: no multipart send
  await client.send(["a", "b"]);
  // The batch path, on the types whose messages carry no options: single frames too.
  const works: [Buffer][] = await gather.receiveMany();
  const _next: [Buffer] | undefined = gather.tryReceive() ?? channel.tryReceive();
  await scatter.sendMany([works[0]![0], "text", ["one frame"]]);
  const _queued: boolean = scatter.trySend("x") && channel.trySend(["x"]);
  await channel.sendMany((await channel.receiveMany()).map(([frame]) => frame));
  // @ts-expect-error single frames only on the batch path too
  scatter.trySend(["a", "b"]);
  // @ts-expect-error a CLIENT has no batch path (neither have SERVER, PEER, RADIO, DISH)
  client.trySend("x");
}

describe("draft socket classes have zeromq.js's draft shapes", () => {
  it("types: what receive() resolves to and what send() takes", () => {
    expectTypeOf<Server>().toExtend<Readable<[Buffer, ServerRoutingOptions]> & Writable<MessageLike, [ServerRoutingOptions]>>();
    expectTypeOf<Peer>().toExtend<Readable<[Buffer, ServerRoutingOptions]> & Writable<MessageLike, [ServerRoutingOptions]>>();
    expectTypeOf<Client>().toExtend<Readable<[Buffer]> & Writable<MessageLike>>();
    expectTypeOf<Channel>().toExtend<Readable<[Buffer]> & Writable<MessageLike>>();
    expectTypeOf<Radio>().toExtend<Writable<MessageLike, [RadioGroupOptions]>>();
    expectTypeOf<Dish>().toExtend<Readable<[Buffer, DishGroupOptions]>>();
    expectTypeOf<Gather>().toExtend<Readable<[Buffer]>>();
    expectTypeOf<Scatter>().toExtend<Writable<MessageLike>>();
    expectTypeOf<Server | Client | Radio | Dish | Gather | Scatter | Peer | Channel>().toExtend<Socket>();
  });

  const shapes: [string, () => Socket, boolean, boolean][] = [
    ["Server", () => new Server(), true, true],
    ["Client", () => new Client(), true, true],
    ["Radio", () => new Radio(), true, false],
    ["Dish", () => new Dish(), false, true],
    ["Gather", () => new Gather(), false, true],
    ["Scatter", () => new Scatter(), true, false],
    ["Peer", () => new Peer(), true, true],
    ["Channel", () => new Channel(), true, true],
  ];

  it.each(shapes)("%s: the same at run time", (_name, make, sends, receives) => {
    const socket = track(make()) as unknown as Record<string | symbol, unknown>;
    expect(typeof socket.send).toBe(sends ? "function" : "undefined");
    expect(typeof socket.receive).toBe(receives ? "function" : "undefined");
    expect(typeof socket[Symbol.asyncIterator]).toBe(receives ? "function" : "undefined");
  });
});
