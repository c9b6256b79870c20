/** The tracer's one-line summaries: previews, commands (well-formed or not), greetings, CURVE boxes. */
import { describe, expect, it } from "vitest";
import { encodeCommandBody, encodeErrorReason, encodePing } from "../../src/codec/command.js";
import { encodeMetadata } from "../../src/codec/metadata.js";
import { commandSummary, curveMessageSummary, frameSummary, greetingSummary, isCurveMessage, preview } from "../../src/engine/trace/frame-summary.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("frame tracer summaries", () => {
  it("previews printable bodies as quoted text and others as hex, cut at 24 octets", () => {
    expect(preview(new Uint8Array(0))).toBe("");
    expect(preview(bytes('say "hi"'))).toBe('"say \\"hi\\""');
    expect(preview(Uint8Array.of(0, 0x7f, 0xff))).toBe("00 7f ff");
    expect(preview(bytes("x".repeat(30)))).toBe(`"${"x".repeat(24)}"…`);
    expect(preview(new Uint8Array(30).fill(1))).toBe(`${Array(24).fill("01").join(" ")}…`);
  });

  it("summarises data frames with MORE, size and preview", () => {
    expect(frameSummary(1, bytes("a"))).toBe('frame MORE 1 B "a"');
    expect(frameSummary(0, new Uint8Array(0))).toBe("frame 0 B");
  });

  it("names commands and reads READY's metadata, ERROR's reason, PING's TTL, SUBSCRIBE's topic", () => {
    const ready = encodeCommandBody("READY", encodeMetadata([["Socket-Type", bytes("DEALER")], ["Identity", bytes("")]]));
    expect(commandSummary(ready)).toEqual({ name: "READY", summary: 'READY socket-type="DEALER" identity=' });
    expect(commandSummary(encodeCommandBody("ERROR", encodeErrorReason("no")))).toEqual({ name: "ERROR", summary: 'ERROR "no"' });
    expect(commandSummary(encodeCommandBody("PING", encodePing(25, bytes("ctx"))))).toEqual({ name: "PING", summary: 'PING ttl=2500ms context="ctx"' });
    expect(commandSummary(encodeCommandBody("SUBSCRIBE", bytes("news")))).toEqual({ name: "SUBSCRIBE", summary: 'SUBSCRIBE topic="news"' });
    expect(commandSummary(encodeCommandBody("HELLO", Uint8Array.of(1, 0)))).toEqual({ name: "HELLO", summary: "HELLO 2 B 01 00" });
  });

  it("never throws on a malformed command: it says so", () => {
    expect(commandSummary(new Uint8Array(0))).toEqual({ name: "", summary: "malformed command" });
    expect(commandSummary(Uint8Array.of(9, 0x41))).toMatchObject({ name: "", summary: expect.stringMatching(/^malformed command 09 41$/) });
    expect(commandSummary(encodeCommandBody("READY", Uint8Array.of(0, 1)))).toEqual({ name: "READY", summary: "READY 00 01" });
    expect(commandSummary(encodeCommandBody("PING", Uint8Array.of(1)))).toEqual({ name: "PING", summary: "PING malformed: 01" });
  });

  it("summarises greetings, old peers' included", () => {
    expect(greetingSummary({ major: 3, minor: 0, mechanism: "PLAIN", asServer: true })).toBe("ZMTP 3.0 PLAIN server");
    expect(greetingSummary({ major: 1, minor: 0, mechanism: "", asServer: false, legacy: { version: 2, unversioned: false, socketType: 5 } })).toBe(
      "ZMTP 2.0 (legacy peer, socket type 5)",
    );
    expect(greetingSummary({ major: 0, minor: 0, mechanism: "", asServer: false, legacy: { version: 1, unversioned: true, socketType: undefined } })).toBe(
      "ZMTP 1.0, unversioned (legacy peer)",
    );
  });

  it("recognises CURVE's MESSAGE boxes", () => {
    const box = encodeCommandBody("MESSAGE", new Uint8Array(33));
    expect(isCurveMessage(box)).toBe(true);
    expect(isCurveMessage(bytes("\x07MESSAG"))).toBe(false);
    expect(curveMessageSummary(1, box)).toBe("MESSAGE MORE 41 B (boxed)");
  });
});
