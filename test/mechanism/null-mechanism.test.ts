import { describe, expect, it } from "vitest";
import { decodeCommand, encodeErrorReason, type Command } from "../../src/codec/command.js";
import { AuthError, HandshakeError, ProtocolError } from "../../src/errors.js";
import type { CommandWriter, Mechanism } from "../../src/mechanism/mechanism.js";
import { NullMechanism } from "../../src/mechanism/null-mechanism.js";
import { ascii, bytes, hex } from "../helpers/bytes.js";
import { metadataBytes } from "../helpers/wire.js";
import { errorCode, thrownBy } from "../helpers/errors.js";

/** A CommandWriter that writes down what the mechanism sends. */
class RecordingWriter implements CommandWriter {
  readonly sent: { name: string; data: string }[] = [];
  sendCommand(name: string, data: Uint8Array): void {
    this.sent.push({ name, data: hex(data) });
  }
}

const command = (name: string, data: Uint8Array = new Uint8Array(0)): Command => ({ name, data });

const DEALER = (): NullMechanism =>
  new NullMechanism([
    ["Socket-Type", ascii("DEALER")],
    ["Identity", new Uint8Array(0)],
  ]);

describe("NullMechanism", () => {
  it("is called NULL and never claims the server role", () => {
    const mechanism = DEALER();
    expect(mechanism.name).toBe("NULL");
    expect(mechanism.asServer).toBe(false);
  });

  it("start() sends exactly one READY carrying its properties in the given order and spelling", () => {
    const mechanism = new NullMechanism([
      ["Socket-Type", ascii("ROUTER")],
      ["Identity", ascii("me")],
      ["X-Custom", bytes(0, 1, 2)],
    ]);
    const out = new RecordingWriter();
    mechanism.start(out);
    expect(out.sent).toEqual([
      {
        name: "READY",
        data: hex(
          metadataBytes([
            ["Socket-Type", "ROUTER"],
            ["Identity", "me"],
            ["X-Custom", [0, 1, 2]],
          ]),
        ),
      },
    ]);
  });

  it("start() sends the DEALER READY body of the conformance vector", () => {
    const out = new RecordingWriter();
    DEALER().start(out);
    expect(out.sent[0]!.data).toBe(hex(bytes(0x0b, "Socket-Type", 0, 0, 0, 6, "DEALER", 0x08, "Identity", 0, 0, 0, 0)));
  });

  it("completes on the peer's READY and exposes its metadata under lower-cased names", () => {
    const mechanism = DEALER();
    const out = new RecordingWriter();
    mechanism.start(out);
    expect(mechanism.peerMetadata.size).toBe(0);
    const done = mechanism.onCommand(
      command(
        "READY",
        metadataBytes([
          ["SOCKET-TYPE", "ROUTER"],
          ["Identity", "peer-1"],
          ["X-Extra", "yes"],
        ]),
      ),
      out,
    );
    expect(done).toBe(true);
    expect(out.sent.length).toBe(1); // nothing more is sent in reply
    expect([...mechanism.peerMetadata.keys()]).toEqual(["socket-type", "identity", "x-extra"]);
    expect(hex(mechanism.peerMetadata.get("socket-type")!)).toBe(hex(ascii("ROUTER")));
    expect(hex(mechanism.peerMetadata.get("identity")!)).toBe(hex(ascii("peer-1")));
  });

  it("completes on a READY without properties", () => {
    const mechanism = DEALER();
    expect(mechanism.onCommand(command("READY"), new RecordingWriter())).toBe(true);
    expect(mechanism.peerMetadata.size).toBe(0);
  });

  it("works on a READY decoded straight from a wire frame", () => {
    const mechanism = DEALER();
    const wire = bytes(0x05, "READY", metadataBytes([["Socket-Type", "DEALER"]]));
    expect(mechanism.onCommand(decodeCommand(wire), new RecordingWriter())).toBe(true);
    expect(hex(mechanism.peerMetadata.get("socket-type")!)).toBe(hex(ascii("DEALER")));
  });

  it("turns the peer's ERROR into a HandshakeError (ECONNREFUSED) carrying the reason", () => {
    const err = thrownBy(() => DEALER().onCommand(command("ERROR", encodeErrorReason("Invalid socket type")), new RecordingWriter()));
    expect(err).toBeInstanceOf(HandshakeError);
    expect(err).not.toBeInstanceOf(AuthError);
    expect(errorCode(err)).toBe("ECONNREFUSED");
    expect(err).toMatchObject({ errno: 111 });
    expect(err.message).toContain("Invalid socket type");
  });

  it.each([300, 400, 500] as const)("turns the peer's ERROR with ZAP status %i into an AuthError (EACCES) with that status", (status) => {
    const err = thrownBy(() => DEALER().onCommand(command("ERROR", encodeErrorReason(String(status))), new RecordingWriter()));
    expect(err).toBeInstanceOf(AuthError);
    expect(err).not.toBeInstanceOf(HandshakeError);
    expect(errorCode(err)).toBe("EACCES");
    expect(err).toMatchObject({ status });
    expect(err.message).toContain(String(status));
  });

  it.each(["200", "301", "30", "3000", "400 ", "Access denied", ""])("takes ERROR reason %j as a plain refusal, not a ZAP status", (reason) => {
    const err = thrownBy(() => DEALER().onCommand(command("ERROR", encodeErrorReason(reason)), new RecordingWriter()));
    expect(err).toBeInstanceOf(HandshakeError);
    expect(errorCode(err)).toBe("ECONNREFUSED");
  });

  it("refuses a malformed ERROR with a ProtocolError (ERR_ZMTP_MALFORMED_COMMAND_ERROR)", () => {
    for (const data of [bytes(9, "abc"), new Uint8Array(0)]) {
      const err = thrownBy(() => DEALER().onCommand(command("ERROR", data), new RecordingWriter()));
      expect(err).toBeInstanceOf(ProtocolError);
      expect(errorCode(err)).toBe("ERR_ZMTP_MALFORMED_COMMAND_ERROR");
    }
  });

  it("refuses a READY with malformed metadata with a ProtocolError (ERR_ZMTP_INVALID_METADATA)", () => {
    const err = thrownBy(() => DEALER().onCommand(command("READY", bytes(0x04, "Name", 0x80, 0, 0, 0)), new RecordingWriter()));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_INVALID_METADATA");
  });

  it.each(["PING", "HELLO", "WELCOME", "SUBSCRIBE", "ready"])("refuses %s during the handshake with a ProtocolError", (name) => {
    const mechanism = DEALER();
    const err = thrownBy(() => mechanism.onCommand(command(name, bytes(0, 0)), new RecordingWriter()));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).not.toBeInstanceOf(HandshakeError);
    expect(errorCode(err)).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(err.message).toContain(name);
  });

  it("refuses a second READY with a ProtocolError, keeping the first metadata", () => {
    const mechanism = DEALER();
    const out = new RecordingWriter();
    expect(mechanism.onCommand(command("READY", metadataBytes([["Socket-Type", "ROUTER"]])), out)).toBe(true);
    const err = thrownBy(() => mechanism.onCommand(command("READY", metadataBytes([["Socket-Type", "PUB"]])), out));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(hex(mechanism.peerMetadata.get("socket-type")!)).toBe(hex(ascii("ROUTER")));
  });

  it("refuses any command once the handshake is done, ERROR included", () => {
    const mechanism = DEALER();
    mechanism.onCommand(command("READY"), new RecordingWriter());
    const err = thrownBy(() => mechanism.onCommand(command("ERROR", encodeErrorReason("late")), new RecordingWriter()));
    expect(err).toBeInstanceOf(ProtocolError);
    expect(errorCode(err)).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
  });

  it("answers synchronously (never a promise) and has no frame transform", () => {
    const mechanism: Mechanism = DEALER();
    expect(mechanism.onCommand(command("READY"), new RecordingWriter())).toBe(true);
    expect(mechanism.transform).toBeUndefined();
  });

  it("refuses illegal property names at construction", () => {
    expect(() => new NullMechanism([["Socket Type", ascii("DEALER")]])).toThrow(RangeError);
  });
});
