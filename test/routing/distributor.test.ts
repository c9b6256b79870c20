import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { Subscription } from "../../src/pipe/pipe-item.js";
import { Pipe } from "../../src/pipe/pipe.js";
import { Distributor } from "../../src/routing/distributor.js";
import { recordOwner } from "../helpers/recording-owner.js";

const msg = (...frames: string[]): Message => frames.map((f) => Buffer.from(f));

/** What reached the far end of each pipe, as text (`+topic`/`-topic` for subscriptions); the ends are left empty. */
function drainEngine(engine: Pipe): string[] {
  const out: string[] = [];
  for (let item = engine.read(); item !== undefined; item = engine.read()) {
    if (item instanceof Subscription) out.push(`${item.subscribe ? "+" : "-"}${item.topic.toString()}`);
    else if (Array.isArray(item)) out.push(item.map(String).join("|"));
    else out.push(`${item.join ? "join" : "leave"} ${item.group.toString()}`);
  }
  return out;
}

interface Setup {
  dist: Distributor;
  /** The socket's ends, attached to the distributor. */
  pipes: Pipe[];
  /** The far (engine) ends, where what was sent is read. */
  engines: Pipe[];
}

function setup(n: number, hwm = 10): Setup {
  const dist = new Distributor();
  const pairs = Array.from({ length: n }, () => Pipe.forSocket(hwm, hwm));
  const pipes = pairs.map(([sock]) => sock);
  const engines = pairs.map(([, engine]) => engine);
  for (const p of pipes) dist.attach(p);
  return { dist, pipes, engines };
}

describe("Distributor", () => {
  it("sends only to the marked pipes, then clears the marks", () => {
    const { dist, pipes, engines } = setup(3);
    dist.match(pipes[0]!);
    dist.match(pipes[2]!);
    dist.match(pipes[2]!); // marking twice is marking once
    expect(dist.matching).toBe(2);
    expect(dist.sendToMatching(msg("a"))).toBe(true);
    expect(dist.matching).toBe(0);
    expect(dist.sendToMatching(msg("nobody"))).toBe(true);
    expect(engines.map(drainEngine)).toEqual([["a"], [], ["a"]]);
  });

  it("sendToAll reaches every pipe", () => {
    const { dist, engines } = setup(4);
    dist.sendToAll(msg("x", "y"));
    expect(engines.map(drainEngine)).toEqual([["x|y"], ["x|y"], ["x|y"], ["x|y"]]);
  });

  it("reverseMatch marks exactly the unmarked pipes", () => {
    const { dist, pipes, engines } = setup(4);
    dist.match(pipes[1]!);
    dist.match(pipes[3]!);
    dist.reverseMatch();
    dist.sendToMatching(msg("inv"));
    expect(engines.map(drainEngine)).toEqual([["inv"], [], ["inv"], []]);
  });

  it("shares the frames between pipes, never copying the bytes", () => {
    const { dist, engines } = setup(3);
    const m = msg("shared", "body");
    dist.sendToAll(m);
    const got = engines.map((e) => e.read() as Message);
    expect(got[0]).toBe(m);
    for (const g of got) {
      expect(g[0]).toBe(m[0]);
      expect(g[1]).toBe(m[1]);
    }
    // Each pipe has its own frame array: a receiver reshaping its message cannot disturb another's.
    got[1]!.shift();
    expect(got[2]!.length).toBe(2);
  });

  it("a pipe at its high-water mark misses the message; the others still get it", () => {
    const { dist, pipes, engines } = setup(2, 2);
    for (let i = 0; i < 2; i++) pipes[0]!.write(msg(`fill${i}`));
    for (let i = 0; i < 3; i++) expect(dist.sendToAll(msg(`m${i}`))).toBe(true);
    expect(drainEngine(engines[0]!)).toEqual(["fill0", "fill1"]);
    expect(drainEngine(engines[1]!)).toEqual(["m0", "m1"]);
    expect(pipes[1]!.writtenSize).toBe(0);
  });

  it("noDrop: nothing is sent while a marked pipe is full, and the send can be retried", () => {
    const { dist, pipes, engines } = setup(2, 1);
    pipes[0]!.write(msg("fill"));
    expect(dist.matchingWritable).toBe(true);
    expect(dist.sendToAll(msg("wait"), true)).toBe(false);
    expect(pipes[1]!.writtenSize).toBe(0);
    expect(dist.matching).toBe(0);
    // A full pipe that is not marked does not hold the send back.
    dist.match(pipes[1]!);
    expect(dist.sendToMatching(msg("other"), true)).toBe(true);
    drainEngine(engines[0]!);
    drainEngine(engines[1]!);
    expect(dist.sendToAll(msg("wait"), true)).toBe(true);
    expect(engines.map(drainEngine)).toEqual([["wait"], ["wait"]]);
  });

  it("forceToAll writes past the high-water mark, but not to a terminated pipe", () => {
    const { dist, pipes, engines } = setup(3, 1);
    pipes[0]!.write(msg("fill"));
    pipes[1]!.terminate();
    dist.forceToAll(new Subscription(true, Buffer.from("sub")));
    expect(drainEngine(engines[0]!)).toEqual(["fill", "+sub"]);
    expect(drainEngine(engines[1]!)).toEqual([]);
    expect(drainEngine(engines[2]!)).toEqual(["+sub"]);
  });

  it("forceToAll shares a typed item as it is, and gives each pipe beyond the first its own frame array", () => {
    const { dist, engines } = setup(3);
    const sub = new Subscription(false, Buffer.from("t"));
    dist.forceToAll(sub);
    for (const e of engines) expect(e.read()).toBe(sub);
    const m = msg("welcome", "x");
    dist.forceToAll(m);
    const got = engines.map((e) => e.read() as Message);
    expect(got[0]).toBe(m);
    for (const g of got.slice(1)) {
      expect(g).not.toBe(m);
      expect(g[0]).toBe(m[0]);
      expect(g[1]).toBe(m[1]);
    }
  });

  it("forceToAll gives the original array to the first pipe that takes it", () => {
    const { dist, pipes, engines } = setup(2);
    pipes[0]!.terminate();
    const m = msg("only");
    dist.forceToAll(m);
    expect(engines[1]!.read()).toBe(m);
  });

  it("noDrop: the full pipe's owner is told when it drains, and the retried send goes through", async () => {
    const { dist, pipes, engines } = setup(2, 2);
    const owner = recordOwner(pipes[0]!);
    while (pipes[0]!.write(msg("fill")));
    expect(dist.sendToAll(msg("held"), true)).toBe(false);
    drainEngine(engines[0]!);
    expect(owner.count("writable")).toBe(0);
    await Promise.resolve();
    expect(owner.kinds).toEqual(["writable"]);
    expect(dist.sendToAll(msg("held"), true)).toBe(true);
    expect(engines.map(drainEngine)).toEqual([["held"], ["held"]]);
  });

  it("detached pipes get nothing; has/size follow attach and detach", () => {
    const { dist, pipes, engines } = setup(3);
    dist.detach(pipes[1]!);
    expect(dist.size).toBe(2);
    expect(dist.has(pipes[1]!)).toBe(false);
    dist.match(pipes[1]!); // unknown pipe: ignored
    dist.sendToAll(msg("after"));
    expect(engines.map(drainEngine)).toEqual([["after"], [], ["after"]]);
  });
});
