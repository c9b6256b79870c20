import { describe, expect, it } from "vitest";
import { Dealer } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";

const track = socketTracker();

describe("routingId option", () => {
  it("accepts 1–255 bytes and null", () => {
    const dealer = track(new Dealer({ routingId: "a" }));
    expect(dealer.routingId).toBe("a");
    dealer.routingId = "x".repeat(255);
    expect(dealer.routingId).toHaveLength(255);
    dealer.routingId = null;
    expect(dealer.routingId).toBeNull();
  });

  it("refuses an empty id, one over 255 bytes, and one starting with a zero byte (EINVAL)", () => {
    const dealer = track(new Dealer());
    expect(() => (dealer.routingId = "")).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(() => (dealer.routingId = "é".repeat(128))).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(() => (dealer.routingId = "\0abc")).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(() => new Dealer({ routingId: "\0" })).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(dealer.routingId).toBeNull();
  });
});
