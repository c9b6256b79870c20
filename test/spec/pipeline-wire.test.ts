/**
 * RFC 30 (PUSH/PULL) and RFC 23/37 at the socket level, against a hand-driven peer on a real tcp
 * connection: a multipart message is atomic even when its connection dies half-way, and a peer that has not
 * completed its handshake is not a peer yet (nothing is round-robined to it).
 */
import { describe, expect, it } from "vitest";
import { Pull, Push } from "../../src/index.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { delay, waitUntil } from "../helpers/wait.js";
import { messageText } from "../helpers/text.js";
import { bindLoopback } from "../helpers/loopback.js";
import { greetingBytes, messageBytes } from "../helpers/wire.js";
import { useRawPeers } from "./raw-peer.js";
import { capturePipes } from "../helpers/capture-pipes.js";

const track = socketTracker();
const { dial } = useRawPeers();

describe("a multipart message is atomic (RFC 23 §2.3)", () => {
  for (const how of ["ends", "is reset"] as const) {
    it(`a PULL drops the half-received message of a PUSH whose connection ${how}`, async () => {
      const pull = track(new Pull({ receiveTimeout: 2000 }));
      const pipes = capturePipes(pull);
      const endpoint = await bindLoopback(pull);
      const peer = await dial(endpoint);
      peer.handshake(1, "PUSH");
      peer.sendMessage(["whole", "one"]);
      // Two frames of a three-frame message: MORE set on the last one sent.
      const partial = messageBytes(["half", "way", "never"]);
      peer.write(partial.subarray(0, partial.length - "never".length - 2));
      expect(messageText(await pull.receive())).toBe("whole|one");
      await waitUntil(() => pipes[0]?.readableSize === 0, "the whole message read");
      if (how === "ends") peer.socket.end();
      else peer.socket.resetAndDestroy();
      await waitUntil(() => pipes[0]!.terminated, "the PULL to see the connection go");

      const push = track(new Push());
      push.connect(endpoint);
      await push.send("next");
      expect(messageText(await pull.receive())).toBe("next");
      pull.receiveTimeout = 50;
      await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    });
  }
});

describe("a peer still handshaking is not connected (RFC 37 §2.4)", () => {
  it("a bound PUSH round-robins nothing to a peer that sent its greeting but no READY", async () => {
    const push = track(new Push({ sendTimeout: 2000 }));
    const pipes = capturePipes(push);
    const endpoint = await bindLoopback(push);
    const silent = await dial(endpoint);
    silent.write(greetingBytes({ minor: 1 }));
    // The zmtp side answers with its greeting and READY: the connection is in the handshake for good.
    await silent.until((p) => p.commands.length === 1, "the PUSH's READY");
    expect(pipes).toHaveLength(0);

    const pull = track(new Pull({ receiveTimeout: 2000 }));
    pull.connect(endpoint);
    for (let i = 0; i < 10; i++) await push.send(`m${i}`);
    const got: string[] = [];
    for (let i = 0; i < 10; i++) got.push(messageText(await pull.receive()));
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    await delay(20);
    expect(silent.messages).toEqual([]);
    expect(pipes).toHaveLength(1);
  });
});
