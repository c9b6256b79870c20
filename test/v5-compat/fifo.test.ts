/** The v5 layer's queue (held sends, read-ahead messages): order kept, memory given back as it drains. */
import { describe, expect, it } from "vitest";
import { Fifo } from "../../src/v5-compat/fifo.js";

describe("v5-compat Fifo", () => {
  it("keeps order across pushes and shifts, compacting as it goes", () => {
    const q = new Fifo<number>();
    expect(q.shift()).toBeUndefined();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) q.push(next++);
      for (let i = 0; i < 60; i++) expect(q.shift()).toBe(expected++);
    }
    expect(q.length).toBe(next - expected);
    expect(q.drain()).toEqual(Array.from({ length: next - expected }, (_, i) => expected + i));
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
  });
});
