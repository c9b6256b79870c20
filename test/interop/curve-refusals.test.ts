/**
 * CURVE refusals against libzmq 4.3.5, in both roles: a wrong server key, a client without keys, the wrong
 * mechanism, ZAP (RFC 27) saying no, from a libzmq handler, a zmtp handler or zmtp's authenticator option.
 * Each ends that connection with an event on both sides; nothing is delivered from the refused peer; the
 * process and the socket's other connections go on.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import type { AuthRequest } from "../../src/index.js";
import { frameTexts } from "../helpers/text.js";
import { within } from "../helpers/wait.js";
import { firstEvent, serveZap, stillPendingAfter, useCurveSockets, WAIT_MS, type AnySocket, type ZapAsked } from "./curve-kit.js";

const socket = useCurveSockets();
const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

/**
 * Nothing came from the refused peer: a receive started after the refusal is still unanswered; then a
 * good client's message is the first thing it gets (the socket still serves, the process goes on).
 */
async function nothingButTheGoodClient(server: AnySocket, good: AnySocket | undefined): Promise<void> {
  const next = server.receive();
  expect(await stillPendingAfter(next, 100)).toBe(true);
  if (good === undefined) {
    next.catch(() => undefined);
    return;
  }
  await good.send(["good", "client"]);
  const frames = await within(next, "the good client's message", WAIT_MS);
  expect(frameTexts(frames).slice(-2)).toEqual(["good", "client"]);
}

describe("CURVE refusals with libzmq 4.3.5", () => {
  it("a libzmq client with the wrong server key: zmtp's server reports ERR_ZMTP_CRYPTOGRAPHIC, delivers nothing, serves others", async () => {
    const server = zmq.curveKeyPair();
    const router = socket("zmtp", "ROUTER", { server: server });
    const refused = firstEvent(router, ["handshake:error:protocol"]);
    await router.bind("tcp://127.0.0.1:*");
    const wrong = socket("libzmq", "DEALER", { client: zmq.curveKeyPair(), serverKey: zmq.curveKeyPair().publicKey });
    wrong.connect(router.lastEndpoint!);
    void wrong.send("let me in");
    const event = await refused;
    expect(event.error?.code).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
    const good = socket("libzmq", "DEALER", { client: zmq.curveKeyPair(), serverKey: server.publicKey });
    good.connect(router.lastEndpoint!);
    await nothingButTheGoodClient(router, good);
  });

  it("a zmtp client with the wrong server key: libzmq's server reports ERR_ZMTP_CRYPTOGRAPHIC, ours that the peer left (ECONNRESET)", async () => {
    const server = zmq.curveKeyPair();
    const router = socket("libzmq", "ROUTER", { server });
    const theirs = firstEvent(router, ["handshake:error:protocol"]);
    await router.bind("tcp://127.0.0.1:*");
    const wrong = socket("zmtp", "DEALER", { client: zmtp.curveKeyPair(), serverKey: zmtp.curveKeyPair().publicKey });
    const ours = firstEvent(wrong, ["handshake:error:protocol", "handshake:error:auth", "handshake:error:other"]);
    wrong.connect(router.lastEndpoint!);
    void wrong.send("let me in").catch(() => undefined);
    expect((await theirs).error?.code).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
    // libzmq closes without ERROR: all our side can know is that the peer left during the handshake.
    const event = await ours;
    expect([event.type, event.error?.code]).toEqual(["handshake:error:other", "ECONNRESET"]);
    await nothingButTheGoodClient(router, undefined);
  });

  it("a zmtp client without keys: ERR_ZMTP_CRYPTOGRAPHIC on our side, naming the option; nothing sent", async () => {
    const server = zmq.curveKeyPair();
    const router = socket("libzmq", "ROUTER", { server });
    await router.bind("tcp://127.0.0.1:*");
    const keyless = socket("zmtp", "DEALER", { none: true }, { curveServerKey: server.publicKey });
    const ours = firstEvent(keyless, ["handshake:error:protocol"]);
    keyless.connect(router.lastEndpoint!);
    void keyless.send("anonymous").catch(() => undefined);
    const event = await ours;
    expect(event.error?.code).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
    expect(event.error?.message).toContain("curvePublicKey");
    await nothingButTheGoodClient(router, undefined);
  });

  it("the wrong mechanism: a zmtp CURVE client meets a libzmq NULL server (ERR_ZMTP_MECHANISM_MISMATCH both sides)", async () => {
    const router = socket("libzmq", "ROUTER", { none: true });
    const theirs = firstEvent(router, ["handshake:error:protocol"]);
    await router.bind("tcp://127.0.0.1:*");
    const client = socket("zmtp", "DEALER", { client: zmtp.curveKeyPair(), serverKey: zmtp.curveKeyPair().publicKey });
    const ours = firstEvent(client, ["handshake:error:protocol"]);
    client.connect(router.lastEndpoint!);
    expect((await ours).error?.code).toBe("ERR_ZMTP_MECHANISM_MISMATCH");
    expect((await theirs).error?.code).toBe("ERR_ZMTP_MECHANISM_MISMATCH");
  });

  it("zmtp's authenticator decides on libzmq clients by key: allowed in, refused with 400 (auth events both sides)", async () => {
    const server = zmq.curveKeyPair();
    const friend = zmq.curveKeyPair();
    const asked: AuthRequest[] = [];
    const router = socket("zmtp", "ROUTER", { server }, {
      zapDomain: "curve-test",
      authenticator: (request: AuthRequest) => {
        asked.push(request);
        return request.clientKey === friend.publicKey ? { allow: true, userId: "friend" } : { allow: false, statusCode: 400 };
      },
    });
    const refused = firstEvent(router, ["handshake:error:auth"]);
    await router.bind("tcp://127.0.0.1:*");

    const stranger = socket("libzmq", "DEALER", { client: zmq.curveKeyPair(), serverKey: server.publicKey });
    const strangerSees = firstEvent(stranger, ["handshake:error:auth"]);
    stranger.connect(router.lastEndpoint!);
    void stranger.send("stranger");
    expect((await refused).error?.status).toBe(400);
    expect((await strangerSees).error?.status).toBe(400);
    const good = socket("libzmq", "DEALER", { client: friend, serverKey: server.publicKey });
    good.connect(router.lastEndpoint!);
    await nothingButTheGoodClient(router, good);
    const friendRequest = asked.find((r) => r.clientKey === friend.publicKey);
    expect(friendRequest).toMatchObject({ mechanism: "CURVE", domain: "curve-test", address: "127.0.0.1" });
  });

  it("a libzmq ZAP handler refuses a zmtp client (400: auth events both sides) and admits another by its key", async () => {
    const server = zmq.curveKeyPair();
    const friend = zmtp.curveKeyPair();
    const handler = socket("libzmq", "ROUTER", { none: true });
    await handler.bind(ZAP_ENDPOINT);
    const asked = serveZap(handler, (request) => ({ status: zmtp.z85.encode(request.credentials[0]!) === friend.publicKey ? "200" : "400" }));
    const router = socket("libzmq", "ROUTER", { server }, { zapDomain: "curve-test" });
    const theirs = firstEvent(router, ["handshake:error:auth"]);
    await router.bind("tcp://127.0.0.1:*");

    const stranger = socket("zmtp", "DEALER", { client: zmtp.curveKeyPair(), serverKey: server.publicKey });
    const ours = firstEvent(stranger, ["handshake:error:auth"]);
    stranger.connect(router.lastEndpoint!);
    void stranger.send("stranger").catch(() => undefined);
    expect((await ours).error?.status).toBe(400);
    expect((await theirs).error?.status).toBe(400);
    const good = socket("zmtp", "DEALER", { client: friend, serverKey: server.publicKey });
    good.connect(router.lastEndpoint!);
    await nothingButTheGoodClient(router, good);
    expect(asked.map((r: ZapAsked) => [r.mechanism, r.domain, r.credentials[0]!.length])).toEqual([
      ["CURVE", "curve-test", 32],
      ["CURVE", "curve-test", 32],
    ]);
  });

  it("a zmtp ZAP handler at inproc://zeromq.zap.01 decides for a zmtp CURVE server: 500 refused, 200 admitted", async () => {
    const server = zmtp.curveKeyPair();
    const friend = zmq.curveKeyPair();
    const handler = socket("zmtp", "ROUTER", { none: true });
    await handler.bind(ZAP_ENDPOINT);
    const asked = serveZap(handler, (request) => ({ status: zmtp.z85.encode(request.credentials[0]!) === friend.publicKey ? "200" : "500" }));
    const router = socket("zmtp", "ROUTER", { server });
    const ours = firstEvent(router, ["handshake:error:auth"]);
    await router.bind("tcp://127.0.0.1:*");

    const stranger = socket("libzmq", "DEALER", { client: zmq.curveKeyPair(), serverKey: server.publicKey });
    const theirs = firstEvent(stranger, ["handshake:error:auth"]);
    stranger.connect(router.lastEndpoint!);
    void stranger.send("stranger");
    expect((await ours).error?.status).toBe(500);
    expect((await theirs).error?.status).toBe(500);

    const good = socket("libzmq", "DEALER", { client: friend, serverKey: server.publicKey });
    good.connect(router.lastEndpoint!);
    await nothingButTheGoodClient(router, good);
    expect(asked.length).toBe(2);
    expect(asked.every((r) => r.mechanism === "CURVE" && r.address === "127.0.0.1")).toBe(true);
  });
});
