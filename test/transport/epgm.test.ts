/**
 * epgm between zmtp sockets inside a private network namespace the test creates (`unshare -n`, root only;
 * skipped with the reason otherwise): test/transport/programs/epgm-zmtp.ts over the namespace's loopback.
 * Two subscribers (one binding, one connecting), a late joiner that starts at a message boundary, XPUB and
 * XSUB, and 5 % of all datagrams dropped by nftables, after which zmtp still delivers every message, in order.
 */
import { describe, expect, it } from "vitest";
import { namespaceUnavailable, runInNamespace, skippedBecause } from "../helpers/network-namespace.js";
import { allReceived, type EpgmCounts } from "../helpers/epgm-messages.js";

const program = "test/transport/programs/epgm-zmtp.ts";
const reason = namespaceUnavailable();
const lossReason = namespaceUnavailable("nft");

type Tally = EpgmCounts;

function tally(output: string, name: string): Tally {
  const line = new RegExp(`${name}: received (\\d+) corrupt (\\d+) disorder (\\d+) skipped (\\d+) first (-?\\d+) last (-?\\d+)`).exec(output);
  if (line === null) throw new Error(`no tally for ${name} in:\n${output}`);
  const [received = 0, corrupt = 0, disorder = 0, skipped = 0, first = 0, last = 0] = line.slice(1).map(Number);
  return { received, corrupt, disorder, skipped, first, last };
}

const everything = allReceived;

describe("epgm between zmtp sockets in a private namespace", () => {
  it.skipIf(reason !== undefined)(`two subscribers get every message whole and in order; a late joiner starts at a message boundary and misses nothing after it${skippedBecause(reason)}`, async () => {
    const { code, output } = await runInNamespace(program, { SCENARIO: "subscribers" }, 90_000);
    expect(code, output).toBe(0);
    expect(tally(output, "first")).toEqual(everything(2000));
    expect(tally(output, "second")).toEqual(everything(2000));
    const late = tally(output, "late");
    expect(late.first, output).toBeGreaterThan(0);
    expect(late).toEqual({ received: 2000 - late.first, corrupt: 0, disorder: 0, skipped: 0, first: late.first, last: 1999 });
  }, 90_000);

  it.skipIf(lossReason !== undefined)(`with 5 % of datagrams dropped (nftables), both subscribers still get every message, in order, uncorrupted${skippedBecause(lossReason)}`, async () => {
    const { code, output } = await runInNamespace(program, { SCENARIO: "loss" }, 90_000);
    expect(code, output).toBe(0);
    expect(tally(output, "first")).toEqual(everything(3000));
    expect(tally(output, "second")).toEqual(everything(3000));
    const dropped = Number(/counter packets (\d+)/.exec(output)?.[1]);
    expect(dropped, output).toBeGreaterThan(10);
  }, 90_000);

  it.skipIf(reason !== undefined)(`XPUB → XSUB gets everything unfiltered, a SUB filters for itself; the XPUB sees its epgm pipe subscribe to all${skippedBecause(reason)}`, async () => {
    const { code, output } = await runInNamespace(program, { SCENARIO: "xpub" }, 90_000);
    expect(code, output).toBe(0);
    expect(output).toContain('xpub sees: "\\u0001"');
    expect(tally(output, "xsub")).toEqual(everything(20));
    expect(output).toContain("filtered: 1,10,11,12,13,14,15,16,17,18,19");
  }, 90_000);

  it.skipIf(reason !== undefined)(`open epgm sockets never keep the process alive: it ends by itself${skippedBecause(reason)}`, async () => {
    const { code, output } = await runInNamespace(program, { SCENARIO: "lifetime" }, 20_000);
    expect(output).toContain("lifetime: got one, leaving both open");
    expect(code, output).toBe(0);
  }, 30_000);
});
