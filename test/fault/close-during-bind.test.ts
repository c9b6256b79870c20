/**
 * close() while a bind() is in flight ends that bind too: the bind rejects with EBADF and its listener is
 * closed, so nothing listens for a closed socket (a listener left open would accept peers that are never
 * served, and keep the process alive).
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { Pull } from "../../src/index.js";
import { within } from "../helpers/wait.js";

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => { resolve(true); });
  });
}

describe("close() during bind()", () => {
  it("tcp: the listener does not outlive the socket", async () => {
    const pull = new Pull({ linger: 0 });
    const binding = pull.bind("tcp://127.0.0.1:0");
    const closing = pull.closeAndWait();
    const outcome = await within(binding.then(() => "resolved", (err: unknown) => String(err)), "bind to settle");
    await closing;
    const endpoint = pull.lastEndpoint;
    if (endpoint !== null) {
      const port = Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
      expect(await refused(port), `bind ${outcome}; ${endpoint} must not accept connections`).toBe(true);
    } else {
      expect(outcome).not.toBe("resolved");
    }
  });
});
