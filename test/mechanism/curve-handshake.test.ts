/**
 * The CURVE handshake (RFC 26) between our client and server mechanisms in memory, byte by byte: what each
 * command holds, the nonces, and every way a broken or hostile peer is refused, with libzmq's reasons
 * (curve_client.cpp, curve_server.cpp, curve_client_tools.hpp in libzmq 4.3.5).
 */
import { describe, expect, it } from "vitest";
import { encodeErrorReason, type Command } from "../../src/codec/command.js";
import { AuthError, HandshakeError, ProtocolError } from "../../src/errors.js";
import { produceHello } from "../../src/mechanism/curve/hello.js";
import { produceInitiate } from "../../src/mechanism/curve/initiate.js";
import { generateKeyPair, sharedKey } from "../../src/mechanism/curve/nacl-box.js";
import { produceReady } from "../../src/mechanism/curve/ready.js";
import { openWelcome, produceWelcome } from "../../src/mechanism/curve/welcome.js";
import { ascii, hex } from "../helpers/bytes.js";
import { thrownBy } from "../helpers/errors.js";
import { frameText } from "../helpers/text.js";
import { client, CommandLog, deliver, freshKeys, handshake, server, startPair } from "./curve-kit.js";

const command = (name: string, data: Uint8Array): Command => ({ name, data });

/** The ProtocolError code a call throws. */
function protocolCode(fn: () => unknown): string {
  const error = thrownBy(fn);
  if (!(error instanceof ProtocolError)) throw new Error(`expected a ProtocolError, got ${String(error)}`);
  return error.code;
}

/** A client and server that have exchanged HELLO and WELCOME; the client's INITIATE waits in `toServer`. */
function upToInitiate() {
  const keys = freshKeys();
  const { c, s, toServer, toClient } = startPair(keys);
  deliver(toServer, s, toClient);
  deliver(toClient, c, toServer);
  return { keys, c, s, toServer, toClient };
}

describe("CURVE handshake", () => {
  it("completes both ways: names, as-server octets, metadata of each side reaches the other", () => {
    const { client: c, server: s } = handshake();
    expect([c.name, c.asServer, s.name, s.asServer]).toEqual(["CURVE", false, "CURVE", true]);
    expect(frameText(c.peerMetadata.get("socket-type")!)).toBe("ROUTER");
    expect(frameText(s.peerMetadata.get("socket-type")!)).toBe("DEALER");
    expect(s.peerMetadata.get("identity")!.length).toBe(0);
    expect(c.transform).toBeDefined();
    expect(s.transform).toBeDefined();
  });

  it("commands have libzmq's sizes and nonces: HELLO 1 and INITIATE 2 from the client, READY 1 from the server", () => {
    const { s, toServer, toClient } = upToInitiate();
    const [initiate] = toServer.take();
    expect(initiate!.name).toBe("INITIATE");
    // cookie (96), nonce counter (8), box: C (32) + vouch (16 + 80) + metadata + MAC (16)
    expect(hex(initiate!.data.subarray(96, 104))).toBe(hex(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 2])));
    expect(s.onCommand(initiate!, toClient)).toBe(true);
    const [ready] = toClient.take();
    expect(ready!.name).toBe("READY");
    expect(hex(ready!.data.subarray(0, 8))).toBe(hex(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1])));

    const keys = freshKeys();
    const out = new CommandLog();
    client(keys).start(out);
    const [hello] = out.take();
    expect(hello!.name).toBe("HELLO");
    expect(hello!.data.length).toBe(194);
    expect([hello!.data[0], hello!.data[1]]).toEqual([1, 0]);
    expect(hex(hello!.data.subarray(2, 74))).toBe(hex(new Uint8Array(72))); // anti-amplification padding
    expect(hex(hello!.data.subarray(106, 114))).toBe(hex(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1])));
  });

  it("each connection gets fresh short-term keys and a fresh cookie key", () => {
    const keys = freshKeys();
    const welcomes = [0, 1].map(() => {
      const { s, toServer, toClient } = startPair(keys);
      const hello = toServer.take()[0]!;
      s.onCommand(hello, toClient);
      return { hello, welcome: toClient.take()[0]! };
    });
    expect(hex(welcomes[0]!.hello.data.subarray(74, 106))).not.toBe(hex(welcomes[1]!.hello.data.subarray(74, 106)));
    expect(hex(welcomes[0]!.welcome.data)).not.toBe(hex(welcomes[1]!.welcome.data));
  });
});

describe("CURVE keys", () => {
  it("a client with the wrong server key: the server cannot open HELLO (ERR_ZMTP_CRYPTOGRAPHIC)", () => {
    const keys = freshKeys();
    const c = client({ ...keys, server: generateKeyPair() });
    const s = server(keys);
    const toServer = new CommandLog();
    c.start(toServer);
    s.start(new CommandLog());
    expect(protocolCode(() => deliver(toServer, s, new CommandLog()))).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("a WELCOME from anyone but the server we named is refused (ERR_ZMTP_CRYPTOGRAPHIC)", () => {
    const keys = freshKeys();
    const c = client(keys);
    const out = new CommandLog();
    c.start(out);
    const hello = out.take()[0]!;
    const impostor = generateKeyPair();
    const welcome = produceWelcome(hello.data.slice(74, 106), impostor.secretKey, generateKeyPair(), new Uint8Array(32), (n) => new Uint8Array(n));
    expect(protocolCode(() => c.onCommand(command("WELCOME", welcome!), out))).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("a client or server without its keys fails at start, naming the missing option", () => {
    const keys = freshKeys();
    for (const [missing, option] of [
      [{ publicKey: null }, "curvePublicKey"],
      [{ secretKey: null }, "curveSecretKey"],
      [{ serverKey: null }, "curveServerKey"],
    ] as const) {
      const error = thrownBy(() => {
        client(keys, missing).start(new CommandLog());
      });
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.message).toContain(option);
    }
    const error = thrownBy(() => {
      server(keys, { secretKey: null }).start(new CommandLog());
    });
    expect(error.message).toContain("curveSecretKey");
  });

  it("a server key of low order cannot be boxed to: the client fails at start (ERR_ZMTP_CRYPTOGRAPHIC)", () => {
    const keys = freshKeys();
    const lowOrder = client(keys, { serverKey: new Uint8Array(32) });
    expect(
      protocolCode(() => {
        lowOrder.start(new CommandLog());
      }),
    ).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("a client whose public key is not its secret key's: the vouch does not open (ERR_ZMTP_CRYPTOGRAPHIC)", () => {
    const keys = freshKeys();
    const c = client(keys, { publicKey: generateKeyPair().publicKey });
    const s = server(keys);
    const toServer = new CommandLog();
    const toClient = new CommandLog();
    s.start(toClient);
    c.start(toServer);
    deliver(toServer, s, toClient);
    deliver(toClient, c, toServer);
    expect(protocolCode(() => deliver(toServer, s, toClient))).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });
});

describe("CURVE INITIATE checks", () => {
  /** Drives a client by hand, so its INITIATE can be made wrong in one chosen way. */
  function handMadeInitiate(options: { vouchShortKey?: Uint8Array; vouchServerKey?: Uint8Array; metadata?: Uint8Array; cookie?: Uint8Array }) {
    const keys = freshKeys();
    const s = server(keys);
    const toClient = new CommandLog();
    s.start(toClient);
    const short = generateKeyPair();
    s.onCommand(command("HELLO", produceHello(keys.server.publicKey, short, 1)!), toClient);
    const welcome = openWelcome(toClient.take()[0]!.data, keys.server.publicKey, short.secretKey);
    // The vouch names vouchShortKey (C') and vouchServerKey (S); the box is still C' → S'.
    const initiate = produceInitiate(
      { long: keys.client, short: { publicKey: options.vouchShortKey ?? short.publicKey, secretKey: short.secretKey }, serverKey: options.vouchServerKey ?? keys.server.publicKey },
      welcome.serverShortKey,
      options.cookie ?? welcome.cookie,
      2,
      options.metadata ?? new Uint8Array(0),
      (n) => new Uint8Array(n).fill(7),
    );
    return { s, toClient, initiate: command("INITIATE", initiate!), welcome };
  }

  it("a vouch for another short-term key (ERR_ZMTP_KEY_EXCHANGE)", () => {
    const { s, toClient, initiate } = handMadeInitiate({ vouchShortKey: generateKeyPair().publicKey });
    expect(protocolCode(() => s.onCommand(initiate, toClient))).toBe("ERR_ZMTP_KEY_EXCHANGE");
  });

  it("a vouch for another server (ERR_ZMTP_KEY_EXCHANGE; RFC 26 asks it, libzmq does not check)", () => {
    const { s, toClient, initiate } = handMadeInitiate({ vouchServerKey: generateKeyPair().publicKey });
    expect(protocolCode(() => s.onCommand(initiate, toClient))).toBe("ERR_ZMTP_KEY_EXCHANGE");
  });

  it("a hand-made INITIATE that is right is accepted (the harness above is sound)", () => {
    const { s, toClient, initiate } = handMadeInitiate({ metadata: new Uint8Array([4, ...ascii("Name"), 0, 0, 0, 1, 0x41]) });
    expect(s.onCommand(initiate, toClient)).toBe(true);
    expect(frameText(s.peerMetadata.get("name")!)).toBe("A");
  });

  it("a cookie from another connection, or altered, does not open (ERR_ZMTP_CRYPTOGRAPHIC)", () => {
    const other = handMadeInitiate({});
    const { s, toClient, initiate } = handMadeInitiate({ cookie: other.welcome.cookie });
    expect(protocolCode(() => s.onCommand(initiate, toClient))).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
    const altered = handMadeInitiate({});
    altered.initiate.data[40]! ^= 1;
    expect(protocolCode(() => altered.s.onCommand(altered.initiate, altered.toClient))).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("metadata that does not parse (ERR_ZMTP_INVALID_METADATA)", () => {
    const { s, toClient, initiate } = handMadeInitiate({ metadata: new Uint8Array([4, ...ascii("Name"), 0, 0, 0, 9]) });
    expect(protocolCode(() => s.onCommand(initiate, toClient))).toBe("ERR_ZMTP_INVALID_METADATA");
  });
});

describe("CURVE command sizes and tampering", () => {
  it("HELLO: one octet short or long, or another version (ERR_ZMTP_MALFORMED_COMMAND_HELLO); a flipped bit (CRYPTOGRAPHIC)", () => {
    const keys = freshKeys();
    const out = new CommandLog();
    client(keys).start(out);
    const hello = out.take()[0]!.data;
    const s = (): ReturnType<typeof server> => {
      const mechanism = server(keys);
      mechanism.start(new CommandLog());
      return mechanism;
    };
    expect(protocolCode(() => s().onCommand(command("HELLO", hello.subarray(0, 193)), out))).toBe("ERR_ZMTP_MALFORMED_COMMAND_HELLO");
    expect(protocolCode(() => s().onCommand(command("HELLO", new Uint8Array([...hello, 0])), out))).toBe("ERR_ZMTP_MALFORMED_COMMAND_HELLO");
    const version = hello.slice();
    version[1] = 1;
    expect(protocolCode(() => s().onCommand(command("HELLO", version), out))).toBe("ERR_ZMTP_MALFORMED_COMMAND_HELLO");
    const forged = hello.slice();
    forged[150]! ^= 0x80;
    expect(protocolCode(() => s().onCommand(command("HELLO", forged), out))).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("WELCOME of the wrong size (ERR_ZMTP_MALFORMED_COMMAND_WELCOME) or altered (CRYPTOGRAPHIC)", () => {
    for (const change of [(w: Uint8Array) => w.subarray(0, 159), (w: Uint8Array) => new Uint8Array([...w, 0]), (w: Uint8Array) => w.map((b, i) => (i === 100 ? b ^ 1 : b))]) {
      const keys = freshKeys();
      const { c, s, toServer, toClient } = startPair(keys);
      deliver(toServer, s, toClient);
      const welcome = toClient.take()[0]!;
      const code = protocolCode(() => c.onCommand(command("WELCOME", change(welcome.data)), toServer));
      expect(code).toBe(change(welcome.data).length === 160 ? "ERR_ZMTP_CRYPTOGRAPHIC" : "ERR_ZMTP_MALFORMED_COMMAND_WELCOME");
    }
  });

  it("INITIATE shorter than 257 octets (ERR_ZMTP_MALFORMED_COMMAND_INITIATE); its box altered (CRYPTOGRAPHIC)", () => {
    const short = upToInitiate();
    const initiate = short.toServer.take()[0]!;
    expect(protocolCode(() => short.s.onCommand(command("INITIATE", initiate.data.subarray(0, 247)), short.toClient))).toBe(
      "ERR_ZMTP_MALFORMED_COMMAND_INITIATE",
    );
    const altered = upToInitiate();
    const data = altered.toServer.take()[0]!.data.slice();
    data[data.length - 1]! ^= 1;
    expect(protocolCode(() => altered.s.onCommand(command("INITIATE", data), altered.toClient))).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
  });

  it("READY shorter than 30 octets (ERR_ZMTP_MALFORMED_COMMAND_READY); altered or under another key (CRYPTOGRAPHIC)", () => {
    const run = (change: (ready: Uint8Array) => Uint8Array): string => {
      const { c, s, toServer, toClient } = upToInitiate();
      deliver(toServer, s, toClient);
      const ready = toClient.take()[0]!;
      return protocolCode(() => c.onCommand(command("READY", change(ready.data)), toServer));
    };
    expect(run((r) => r.subarray(0, 23))).toBe("ERR_ZMTP_MALFORMED_COMMAND_READY");
    expect(run((r) => r.map((b, i) => (i === 10 ? b ^ 1 : b)))).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
    expect(run(() => produceReady(sharedKey(generateKeyPair().publicKey, generateKeyPair().secretKey)!, 1, new Uint8Array(0)))).toBe(
      "ERR_ZMTP_CRYPTOGRAPHIC",
    );
  });
});

describe("CURVE command order", () => {
  it("the client takes WELCOME, then READY, and nothing else (ERR_ZMTP_UNEXPECTED_COMMAND)", () => {
    const keys = freshKeys();
    const c = client(keys);
    const out = new CommandLog();
    c.start(out);
    expect(protocolCode(() => c.onCommand(command("READY", new Uint8Array(40)), out))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(protocolCode(() => c.onCommand(command("HELLO", new Uint8Array(194)), out))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    const done = handshake().client;
    expect(protocolCode(() => done.onCommand(command("WELCOME", new Uint8Array(160)), out))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(protocolCode(() => done.onCommand(command("ERROR", encodeErrorReason("400")), out))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
  });

  it("the server takes HELLO, then INITIATE, and nothing else, ERROR included (ERR_ZMTP_UNEXPECTED_COMMAND)", () => {
    const keys = freshKeys();
    const s = server(keys);
    const out = new CommandLog();
    s.start(out);
    expect(protocolCode(() => s.onCommand(command("INITIATE", new Uint8Array(300)), out))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    expect(protocolCode(() => s.onCommand(command("ERROR", encodeErrorReason("x")), out))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
    const { s: waiting, toClient } = upToInitiate();
    expect(protocolCode(() => waiting.onCommand(command("HELLO", new Uint8Array(194)), toClient))).toBe("ERR_ZMTP_UNEXPECTED_COMMAND");
  });

  it("an ERROR from the server: a ZAP status is an AuthError, any other reason a HandshakeError", () => {
    const keys = freshKeys();
    const c = client(keys);
    const out = new CommandLog();
    c.start(out);
    const denied = thrownBy(() => c.onCommand(command("ERROR", encodeErrorReason("400")), out));
    expect(denied).toBeInstanceOf(AuthError);
    expect(denied instanceof AuthError && denied.status).toBe(400);
    const other = client(keys);
    other.start(out);
    expect(thrownBy(() => other.onCommand(command("ERROR", encodeErrorReason("go away")), out))).toBeInstanceOf(HandshakeError);
    const { c: late, toServer } = upToInitiate();
    expect(thrownBy(() => late.onCommand(command("ERROR", encodeErrorReason("500")), toServer))).toBeInstanceOf(AuthError);
    const truncated = client(keys);
    truncated.start(out);
    expect(protocolCode(() => truncated.onCommand(command("ERROR", new Uint8Array([9, 0x41])), out))).toBe("ERR_ZMTP_MALFORMED_COMMAND_ERROR");
  });
});
