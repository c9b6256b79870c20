/**
 * The routing pieces of the draft socket types, without sockets: SERVER's routing ids (RoutingIds), RADIO's
 * group memberships (GroupTable), and the single-frame fair queue of CLIENT, SERVER, GATHER and PEER.
 */
import { describe, expect, it } from "vitest";
import { Pipe } from "../../src/pipe/pipe.js";
import { GroupTable } from "../../src/routing/group-table.js";
import { RoutingIds } from "../../src/routing/routing-ids.js";
import { SingleFrameQueue } from "../../src/routing/single-frame-queue.js";

/** A socket's end of a fresh pipe, and the far end that writes to it. */
function pipe(): { socket: Pipe; far: Pipe } {
  const [socket, far] = Pipe.forSocket(100, 100);
  return { socket, far };
}

describe("RoutingIds", () => {
  it("numbers pipes upward from a random start, never 0, wrapping at 2^32", () => {
    const ids = new RoutingIds();
    (ids as unknown as { next: number }).next = 0xffff_fffe;
    const pipes = [pipe().socket, pipe().socket, pipe().socket];
    expect(pipes.map((p) => ids.attach(p))).toEqual([0xffff_fffe, 0xffff_ffff, 1]);
    expect(ids.lookup(1)).toBe(pipes[2]);
    expect(ids.lookup(0)).toBeUndefined();
  });

  it("a detached pipe can no longer be sent to, but keeps its id for what it delivered", () => {
    const ids = new RoutingIds();
    const p = pipe().socket;
    const id = ids.attach(p);
    ids.detach(p);
    expect(ids.lookup(id)).toBeUndefined();
    expect(ids.idOf(p)).toBe(id);
    expect(ids.size).toBe(0);
  });
});

describe("GroupTable", () => {
  const g = (text: string): Buffer => Buffer.from(text, "latin1");
  const members = (table: GroupTable, group: string): Pipe[] => {
    const found: Pipe[] = [];
    table.forEachMember(g(group), (p) => found.push(p));
    return found;
  };

  it("matches groups exactly, octet for octet", () => {
    const table = new GroupTable();
    const [a, b] = [pipe().socket, pipe().socket];
    table.join(a, g("news"));
    table.join(b, g("news"));
    table.join(b, Buffer.from([0xe9]));
    expect(members(table, "news")).toEqual([a, b]);
    expect(members(table, "new")).toEqual([]);
    expect(members(table, "newsy")).toEqual([]);
    expect(members(table, "\u00e9")).toEqual([b]);
    expect([table.countOf(a), table.countOf(b), table.holds(b, g("news")), table.holds(a, Buffer.from([0xe9]))]).toEqual([1, 2, true, false]);
  });

  it("leave and forget remove a pipe's memberships, and only its", () => {
    const table = new GroupTable();
    const [a, b] = [pipe().socket, pipe().socket];
    table.join(a, g("x"));
    table.join(a, g("y"));
    table.join(b, g("x"));
    table.leave(a, g("x"));
    expect(members(table, "x")).toEqual([b]);
    table.forget(b);
    expect(members(table, "x")).toEqual([]);
    expect(members(table, "y")).toEqual([a]);
    expect([table.countOf(a), table.countOf(b)]).toEqual([1, 0]);
  });
});

describe("SingleFrameQueue", () => {
  it("drops multi-frame messages whole, and is readable only when a single-frame message waits", () => {
    const queue = new SingleFrameQueue();
    const first = pipe();
    const second = pipe();
    queue.attach(first.socket);
    queue.attach(second.socket);
    first.far.write([Buffer.from("a"), Buffer.from("b")]);
    queue.activate(first.socket);
    expect(queue.readable).toBe(false);
    second.far.write([Buffer.from("single")]);
    queue.activate(second.socket);
    expect(queue.readable).toBe(true);
    expect(queue.read()?.map(String)).toEqual(["single"]);
    expect(queue.lastPipe).toBe(second.socket);
    expect(queue.readable).toBe(false);
    expect(queue.read()).toBeUndefined();
  });

  it("takes turns between pipes and names the pipe of each message", () => {
    const queue = new SingleFrameQueue();
    const ends = [pipe(), pipe()];
    for (const end of ends) {
      queue.attach(end.socket);
      end.far.write([Buffer.from("1")]);
      end.far.write([Buffer.from("2")]);
      queue.activate(end.socket);
    }
    const order: [string, number][] = [];
    for (let m = queue.read(); m !== undefined; m = queue.read()) order.push([m[0]!.toString(), ends.findIndex((e) => e.socket === queue.lastPipe)]);
    expect(order).toEqual([
      ["1", 0],
      ["1", 1],
      ["2", 0],
      ["2", 1],
    ]);
  });
});
