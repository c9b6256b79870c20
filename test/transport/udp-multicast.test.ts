/**
 * udp multicast (RADIO/DISH and DGRAM, zmtp and libzmq) inside a private network namespace the test creates
 * (`unshare -n`, root; skipped with the reason otherwise), never on a real interface: the cases run in
 * test/transport/programs/udp-multicast.ts, which prints one line per case.
 */
import { describe, expect, it } from "vitest";
import { namespaceUnavailable, runInNamespace, skippedBecause } from "../helpers/network-namespace.js";

const reason = namespaceUnavailable();

describe("udp multicast in a private namespace", () => {
  it.skipIf(reason !== undefined)(`groups over udp: zmtp and libzmq RADIO/DISH both ways, IP_MULTICAST_LOOP, DGRAM, IPv6${skippedBecause(reason)}`, async () => {
    const { code, output } = await runInNamespace("test/transport/programs/udp-multicast.ts");
    // Two DISHes on one group and port both hear it; the interface by name and by address; groups filtered.
    expect(output).toContain("two dishes: g:hello, g:hello; a's endpoint udp://lo;239.1.1.1:5555");
    // A RADIO with multicastLoop false is not heard on its own host; the looping one is.
    expect(output).toContain("multicastLoop false: first heard g:looped");
    expect(output).toContain("libzmq dish: weather:sunny");
    expect(output).toContain("zmtp dish from libzmq: weather:rainy");
    expect(output).toContain("dgram group: to the group / re: to the group");
    expect(output).toContain("ipv6 group: six:zmtp, six:libzmq");
    expect(output).toContain("all multicast cases done");
    expect(code, output).toBe(0);
  });
});
