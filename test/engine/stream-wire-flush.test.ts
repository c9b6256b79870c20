/**
 * When StreamWire writes what the protocol gathers: at the end of the turn, so that a turn's sends go out
 * in one write; except the first send after input arrived (a reply), which is written at once, as libzmq's
 * engine writes speculatively when its output restarts (stream_engine_base_t::restart_output).
 */
import { describe, expect, it } from "vitest";
import { encodeGreeting } from "../../src/codec/greeting.js";
import type { WireHandler } from "../../src/engine/wire/frame-wire.js";
import { StreamWire } from "../../src/engine/wire/stream-wire.js";
import { concat, hex } from "../helpers/bytes.js";
import { MemoryDuplex } from "../helpers/memory-stream.js";
import { settle, waitUntil } from "../helpers/wait.js";
import { frameBytes, greetingBytes } from "../helpers/wire.js";

const OURS = encodeGreeting("NULL", false);
const PEER_GREETING = greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] });

class CountingHandler implements WireHandler {
  frames = 0;
  wire: StreamWire | undefined;
  onFrame(): void {
    this.frames++;
  }
  wireGreeted(): void {
    // No handshake here: traffic starts with the greeting.
    this.wire?.startTraffic();
  }
  wireFill(): void {
    // The tests gather frames on the wire directly.
  }
  wireClosed(): void {
    // Not closed in these tests.
  }
}

/** A wire whose greeting exchange is done (the peer's greeting was its input). */
async function greetedWire(): Promise<{ stream: MemoryDuplex; wire: StreamWire; handler: CountingHandler }> {
  const stream = new MemoryDuplex();
  const handler = new CountingHandler();
  const wire = new StreamWire(stream, handler, OURS, -1);
  handler.wire = wire;
  stream.receive(PEER_GREETING);
  await waitUntil(() => stream.written.length === OURS.signature.length + OURS.major.length + OURS.rest.length, "our whole greeting written");
  stream.writes.length = 0;
  return { stream, wire, handler };
}

function send(wire: StreamWire, body: string): void {
  wire.message([Buffer.from(body)]);
  wire.flushSoon();
}

describe("StreamWire: when gathered frames are written", () => {
  it("writes the first send after input at once, and batches the sends of a turn that follow", async () => {
    const { stream, wire } = await greetedWire();
    send(wire, "reply");
    // Written within the call: no turn of the event loop in between.
    expect(stream.writes.length).toBe(1);
    expect(hex(stream.writes[0]!)).toBe(hex(frameBytes(0, Buffer.from("reply"))));
    send(wire, "a");
    send(wire, "b");
    send(wire, "c");
    expect(stream.writes.length).toBe(1);
    await waitUntil(() => stream.writes.length > 1, "the turn's sends written");
    await settle();
    // The three later sends: one write at the end of the turn.
    expect(stream.writes.length).toBe(2);
    expect(hex(stream.writes[1]!)).toBe(hex(concat(["a", "b", "c"].map((body) => frameBytes(0, Buffer.from(body))))));
  });

  it("without input since the last write, waits for the end of the turn", async () => {
    const { stream, wire } = await greetedWire();
    send(wire, "first");
    expect(stream.writes.length).toBe(1);
    await settle();
    send(wire, "second");
    expect(stream.writes.length).toBe(1);
    await waitUntil(() => stream.writes.length === 2, "the second send written at the end of the turn");
  });

  it("writes at once again once new input has arrived", async () => {
    const { stream, wire, handler } = await greetedWire();
    send(wire, "first");
    await settle();
    stream.receive(frameBytes(0, Buffer.from("request")));
    await waitUntil(() => handler.frames === 1, "the request decoded");
    send(wire, "reply");
    expect(stream.writes.length).toBe(2);
    expect(hex(stream.writes[1]!)).toBe(hex(frameBytes(0, Buffer.from("reply"))));
  });
});
