/**
 * A network partition, made inside a private network namespace the test creates (`unshare -n`, root only):
 * the namespace's loopback goes down under an established tcp connection, so neither side hears a FIN or
 * an RST. Heartbeats detect it on both sides, the loopback comes back, the PUSH reconnects and everything
 * it queued meanwhile arrives, in order (test/fault/programs/partition.ts). The control run, without
 * heartbeats, shows the partition goes unnoticed: what detects it is the heartbeat.
 */
import { describe, expect, it } from "vitest";
import { namespaceUnavailable, runInNamespace, skippedBecause } from "../helpers/network-namespace.js";

const program = "test/fault/programs/partition.ts";
const reason = namespaceUnavailable();

describe("a network partition in a private namespace", () => {
  it.skipIf(reason !== undefined)(`heartbeats detect it on both sides; after healing the PUSH reconnects and nothing queued is lost${skippedBecause(reason)}`, async () => {
    const { code, output } = await runInNamespace(program, {});
    expect(output).toContain("received before");
    expect(output).toContain("partition detected by both sides");
    expect(output).toContain("after healing: during 1, during 2, during 3, during 4, during 5");
    expect(code, output).toBe(0);
  });

  it.skipIf(reason !== undefined)(`the same against a libzmq PULL with heartbeats${skippedBecause(reason)}`, async () => {
    const { code, output } = await runInNamespace(program, { PEER: "libzmq" });
    expect(output).toContain("partition detected by both sides");
    expect(output).toContain("after healing: during 1, during 2, during 3, during 4, during 5");
    expect(code, output).toBe(0);
  });

  it.skipIf(reason !== undefined)(`the control: without heartbeats the same partition goes unnoticed${skippedBecause(reason)}`, async () => {
    const { code, output } = await runInNamespace(program, { HEARTBEATS: "0", DETECT_MS: "2000" });
    expect(output).toContain("received before");
    expect(output).toContain("timed out waiting for both sides to notice the partition");
    expect(code).not.toBe(0);
  });
});
