import { describe, expect, it } from "vitest";
import type { Message } from "../../src/message.js";
import { Pipe } from "../../src/pipe/pipe.js";
import { Distributor } from "../../src/routing/distributor.js";

const msg = (...frames: string[]): Message => frames.map((f) => Buffer.from(f));

function drain(pipe: Pipe): string[] {
  const out: string[] = [];
  for (let m = pipe.outbound.shift(); m !== undefined; m = pipe.outbound.shift()) out.push(m.map(String).join("|"));
  return out;
}

function setup(n: number, hwm = 10): { dist: Distributor; pipes: Pipe[] } {
  const dist = new Distributor();
  const pipes = Array.from({ length: n }, () => Pipe.create(hwm, hwm));
  for (const p of pipes) dist.attach(p);
  return { dist, pipes };
}

describe("Distributor", () => {
  it("sends only to the marked pipes, then clears the marks", () => {
    const { dist, pipes } = setup(3);
    dist.match(pipes[0]!);
    dist.match(pipes[2]!);
    dist.match(pipes[2]!); // marking twice is marking once
    expect(dist.matching).toBe(2);
    expect(dist.sendToMatching(msg("a"))).toBe(true);
    expect(dist.matching).toBe(0);
    expect(dist.sendToMatching(msg("nobody"))).toBe(true);
    expect(pipes.map(drain)).toEqual([["a"], [], ["a"]]);
  });

  it("sendToAll reaches every pipe", () => {
    const { dist, pipes } = setup(4);
    dist.sendToAll(msg("x", "y"));
    expect(pipes.map(drain)).toEqual([["x|y"], ["x|y"], ["x|y"], ["x|y"]]);
  });

  it("reverseMatch marks exactly the unmarked pipes", () => {
    const { dist, pipes } = setup(4);
    dist.match(pipes[1]!);
    dist.match(pipes[3]!);
    dist.reverseMatch();
    dist.sendToMatching(msg("inv"));
    expect(pipes.map(drain)).toEqual([["inv"], [], ["inv"], []]);
  });

  it("shares the frames between pipes, never copying the bytes", () => {
    const { dist, pipes } = setup(3);
    const m = msg("shared", "body");
    dist.sendToAll(m);
    const got = pipes.map((p) => p.outbound.shift()!);
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
    const { dist, pipes } = setup(2, 2);
    for (let i = 0; i < 2; i++) pipes[0]!.write(msg(`fill${i}`));
    for (let i = 0; i < 3; i++) expect(dist.sendToAll(msg(`m${i}`))).toBe(true);
    expect(drain(pipes[0]!)).toEqual(["fill0", "fill1"]);
    expect(drain(pipes[1]!)).toEqual(["m0", "m1"]);
    expect(pipes[1]!.outbound.size).toBe(0);
  });

  it("noDrop: nothing is sent while a marked pipe is full, and the send can be retried", () => {
    const { dist, pipes } = setup(2, 1);
    pipes[0]!.write(msg("fill"));
    expect(dist.matchingWritable).toBe(true);
    expect(dist.sendToAll(msg("wait"), true)).toBe(false);
    expect(pipes[1]!.outbound.size).toBe(0);
    expect(dist.matching).toBe(0);
    // A full pipe that is not marked does not hold the send back.
    dist.match(pipes[1]!);
    expect(dist.sendToMatching(msg("other"), true)).toBe(true);
    drain(pipes[0]!);
    drain(pipes[1]!);
    expect(dist.sendToAll(msg("wait"), true)).toBe(true);
    expect(pipes.map(drain)).toEqual([["wait"], ["wait"]]);
  });

  it("forceToAll writes past the high-water mark, but not to a terminated pipe", () => {
    const { dist, pipes } = setup(2, 1);
    pipes[0]!.write(msg("fill"));
    pipes[1]!.terminate();
    dist.forceToAll(msg("\x01sub"));
    expect(drain(pipes[0]!)).toEqual(["fill", "\x01sub"]);
    expect(drain(pipes[1]!)).toEqual([]);
  });

  it("detached pipes get nothing; has/size follow attach and detach", () => {
    const { dist, pipes } = setup(3);
    dist.detach(pipes[1]!);
    expect(dist.size).toBe(2);
    expect(dist.has(pipes[1]!)).toBe(false);
    dist.match(pipes[1]!); // unknown pipe: ignored
    dist.sendToAll(msg("after"));
    expect(pipes.map(drain)).toEqual([["after"], [], ["after"]]);
  });
});
