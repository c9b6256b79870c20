/**
 * The PLAIN client (RFC 24, libzmq src/plain_client.cpp) byte by byte: HELLO, INITIATE on WELCOME, READY,
 * ERROR in both spellings (the RFC's and libzmq's "^RROR"), and every refusal with libzmq's error code.
 */
import { describe, expect, it } from "vitest";
import { decodeCommand } from "../../src/codec/command.js";
import { AuthError, HandshakeError, ProtocolError } from "../../src/errors.js";
import { decodePlainCommand, encodeLibzmqPlainError } from "../../src/mechanism/plain/libzmq-plain-error.js";
import { PlainClient } from "../../src/mechanism/plain/plain-client.js";
import { ascii, bytes, hex } from "../helpers/bytes.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { commandBody, metadataBytes } from "../helpers/wire.js";
import { command, CommandLog } from "./zap-kit.js";

const PROPERTIES: [string, Uint8Array][] = [
  ["Socket-Type", ascii("DEALER")],
  ["Identity", ascii("me")],
];

function client(username = "admin", password = "secret"): PlainClient {
  return new PlainClient({ properties: PROPERTIES, username, password });
}

/** A client that has sent HELLO and, if `welcomed`, INITIATE. */
function started(welcomed = false): { mechanism: PlainClient; out: CommandLog } {
  const mechanism = client();
  const out = new CommandLog();
  mechanism.start(out);
  if (welcomed) mechanism.onCommand(command("WELCOME"), out);
  return { mechanism, out };
}

describe("PlainClient: the commands it sends", () => {
  it("is PLAIN and not the server", () => {
    expect(client().name).toBe("PLAIN");
    expect(client().asServer).toBe(false);
  });

  it("opens with HELLO: username and password, each with a 1-octet length (RFC 24)", () => {
    const { out } = started();
    expect(out.sent).toEqual([{ name: "HELLO", data: hex(bytes(5, "admin", 6, "secret")) }]);
  });

  it("sends an empty password as a zero length, and counts UTF-8 octets, not characters", () => {
    const empty = new CommandLog();
    client("u", "").start(empty);
    expect(empty.sent[0]!.data).toBe(hex(bytes(1, "u", 0)));
    const utf8 = new CommandLog();
    client("é", "ü").start(utf8);
    expect(utf8.sent[0]!.data).toBe(hex(bytes(2, [0xc3, 0xa9], 2, [0xc3, 0xbc])));
  });

  it("takes 255-octet credentials and refuses longer ones with EINVAL", () => {
    const out = new CommandLog();
    client("u".repeat(255), "p".repeat(255)).start(out);
    expect(out.sent[0]!.data).toBe(hex(bytes(255, "u".repeat(255), 255, "p".repeat(255))));
    expect(errorCode(thrownBy(() => client("u".repeat(256))))).toBe("EINVAL");
    expect(errorCode(thrownBy(() => client("u", "é".repeat(128))))).toBe("EINVAL");
  });

  it("answers WELCOME with INITIATE carrying its metadata, then completes on READY", () => {
    const { mechanism, out } = started();
    expect(mechanism.onCommand(command("WELCOME"), out)).toBe(false);
    expect(out.sent[1]).toEqual({
      name: "INITIATE",
      data: hex(
        metadataBytes([
          ["Socket-Type", "DEALER"],
          ["Identity", "me"],
        ]),
      ),
    });
    const ready = metadataBytes([
      ["Socket-Type", "ROUTER"],
      ["X-Extra", "yes"],
    ]);
    expect(mechanism.onCommand(command("READY", ready), out)).toBe(true);
    expect(out.sent.length).toBe(2);
    expect([...mechanism.peerMetadata.keys()]).toEqual(["socket-type", "x-extra"]);
  });
});

describe("PlainClient: what it refuses", () => {
  const fails = (fn: () => unknown): string | undefined => {
    const err = thrownBy(fn);
    expect(err).toBeInstanceOf(ProtocolError);
    return errorCode(err);
  };

  it("WELCOME with data: ERR_ZMTP_MALFORMED_COMMAND_WELCOME", () => {
    const { mechanism, out } = started();
    expect(fails(() => mechanism.onCommand(command("WELCOME", bytes(0)), out))).toBe("ERR_ZMTP_MALFORMED_COMMAND_WELCOME");
  });

  it("READY before WELCOME, WELCOME twice, or any other command: ERR_ZMTP_UNEXPECTED_COMMAND", () => {
    expect(fails(() => started().mechanism.onCommand(command("READY"), new CommandLog()))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    const { mechanism, out } = started(true);
    expect(fails(() => mechanism.onCommand(command("WELCOME"), out))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    for (const name of ["HELLO", "INITIATE", "PING", "MESSAGE"]) {
      expect(fails(() => started().mechanism.onCommand(command(name), new CommandLog()))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    }
  });

  it("READY with malformed metadata: ERR_ZMTP_INVALID_METADATA", () => {
    const { mechanism, out } = started(true);
    expect(fails(() => mechanism.onCommand(command("READY", bytes(4, "Ab")), out))).toBe("ERR_ZMTP_INVALID_METADATA");
  });

  it("ERROR with a ZAP status, before WELCOME or before READY: an AuthError with that status", () => {
    for (const welcomed of [false, true]) {
      for (const status of [300, 400, 500] as const) {
        const { mechanism, out } = started(welcomed);
        const err = thrownBy(() => mechanism.onCommand(command("ERROR", bytes(3, String(status))), out));
        expect(err).toBeInstanceOf(AuthError);
        expect(err).toMatchObject({ status: status });
      }
    }
  });

  it("ERROR with another reason: a HandshakeError (ECONNREFUSED); a malformed one: ERR_ZMTP_MALFORMED_COMMAND_ERROR", () => {
    const { mechanism, out } = started();
    const refused = thrownBy(() => mechanism.onCommand(command("ERROR", bytes(6, "nope!!")), out));
    expect(refused).toBeInstanceOf(HandshakeError);
    expect(errorCode(refused)).toBe("ECONNREFUSED");
    expect(fails(() => started().mechanism.onCommand(command("ERROR"), new CommandLog()))).toBe("ERR_ZMTP_MALFORMED_COMMAND_ERROR");
    expect(fails(() => started().mechanism.onCommand(command("ERROR", bytes(4, "400")), new CommandLog()))).toBe("ERR_ZMTP_MALFORMED_COMMAND_ERROR");
  });
});

describe("libzmq's misspelt PLAIN ERROR (\"^RROR\": plain_common.hpp's \"\\x05ERROR\" is \"\\x5E\" \"RROR\" in C)", () => {
  it("is the body libzmq 4.3.5's PLAIN server sends (captured from it): 5E 'RROR' 03 '400'", () => {
    expect(hex(encodeLibzmqPlainError("400"))).toBe("5e 52 52 4f 52 03 34 30 30");
  });

  it("the client reads it as ERROR and refuses with the status, while the codec alone finds it malformed", () => {
    const body = encodeLibzmqPlainError("400");
    expect(errorCode(thrownBy(() => decodeCommand(body)))).toBe("ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
    const { mechanism, out } = started();
    const decoded = mechanism.decodeCommand(body);
    expect(decoded.name).toBe("ERROR");
    const err = thrownBy(() => mechanism.onCommand(decoded, out));
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ status: 400 });
  });

  it("well-formed commands decode as the codec decodes them, a long enough \"^RROR…\" command included", () => {
    for (const body of [commandBody("WELCOME"), commandBody("ERROR", bytes(3, "400")), commandBody("READY", bytes(1, "A", 0, 0, 0, 0))]) {
      expect(decodePlainCommand(body)).toEqual(decodeCommand(body));
    }
    const legit = bytes(0x5e, "RROR", "x".repeat(0x5e - 4));
    expect(decodePlainCommand(legit).name).toBe(`RROR${"x".repeat(0x5e - 4)}`);
    // Too short to be libzmq's ERROR: the codec's verdict stands.
    expect(errorCode(thrownBy(() => decodePlainCommand(bytes(0x5e, "RRO"))))).toBe("ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED");
  });
});
