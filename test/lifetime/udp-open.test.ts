/**
 * Open udp endpoints (a DISH and a DGRAM bound, a RADIO connected) never keep the process alive: their
 * node:dgram sockets are unref'd, like every listener and connection zmtp opens.
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "./child.js";

describe("an open udp socket does not keep the process alive", () => {
  it("a bound DISH and DGRAM and a connected RADIO, each having carried a datagram", async () => {
    const program = runProgram("udp-open.ts");
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout()).toBe("udp open: over udp, to myself\n");
  });
});
