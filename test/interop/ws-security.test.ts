/**
 * ZWS 2.0's mechanisms over ws:// against libzmq 4.3.5: CURVE (`ZWS2.0/CURVE`, libzmq's, not in RFC 45) and
 * PLAIN (`ZWS2.0/PLAIN`), each implementation serving in turn, each side binding in turn; and a mechanism
 * mismatch, which no subprotocol can serve: the upgrade is refused and nothing is delivered.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { messageText } from "../helpers/text.js";

const WAIT = 5000;
const server = zmtp.curveKeyPair();
const client = zmtp.curveKeyPair();

interface Dealer {
  bind(endpoint: string): Promise<void>;
  connect(endpoint: string): void;
  send(message: string | string[]): Promise<void>;
  receive(): Promise<Buffer[]>;
  readonly lastEndpoint: string | null;
  close(): void;
}

const open: Dealer[] = [];
afterEach(() => {
  for (const socket of open.splice(0)) socket.close();
});

function dealer(impl: "zmtp" | "libzmq", options: Record<string, unknown>): Dealer {
  const all = { linger: 0, receiveTimeout: WAIT, sendTimeout: WAIT, ...options };
  const socket: Dealer = impl === "zmtp" ? new zmtp.Dealer(all) : new zmq.Dealer(all);
  open.push(socket);
  return socket;
}

const SECURITY = {
  CURVE: {
    server: { curveServer: true, curveSecretKey: server.secretKey, curvePublicKey: server.publicKey },
    client: { curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey },
  },
  PLAIN: {
    server: { plainServer: true },
    client: { plainUsername: "admin", plainPassword: "secret" },
  },
} as const;

// A libzmq PLAIN server needs a ZAP handler to admit anyone (plain.test.ts covers that over tcp); here the
// PLAIN server is zmtp's, with its authenticator.
const cases = (["CURVE", "PLAIN"] as const).flatMap((mechanism) =>
  (mechanism === "PLAIN" ? (["zmtp"] as const) : (["zmtp", "libzmq"] as const)).flatMap((serverImpl) =>
    (["server", "client"] as const).map((binder) => ({ mechanism, serverImpl, clientImpl: serverImpl === "zmtp" ? ("libzmq" as const) : ("zmtp" as const), binder })),
  ),
);

async function link(binder: Dealer, binderImpl: "zmtp" | "libzmq", connecter: Dealer): Promise<void> {
  await binder.bind(binderImpl === "zmtp" ? "ws://127.0.0.1:0/secure" : "ws://127.0.0.1:*/secure");
  connecter.connect(binder.lastEndpoint!);
}

describe("ZWS 2.0 mechanisms with libzmq", () => {
  it.each(cases.map((c) => [`${c.mechanism}: ${c.serverImpl} server, ${c.clientImpl} client, the ${c.binder} binds`, c] as const))("%s", async (_name, c) => {
    const serverOptions: Record<string, unknown> = { ...SECURITY[c.mechanism].server };
    const users: string[] = [];
    if (c.serverImpl === "zmtp") {
      serverOptions.authenticator = (request: zmtp.AuthRequest) => {
        users.push(request.username ?? request.clientKey ?? "");
        return true;
      };
    }
    const s = dealer(c.serverImpl, serverOptions);
    const k = dealer(c.clientImpl, SECURITY[c.mechanism].client);
    if (c.binder === "server") await link(s, c.serverImpl, k);
    else await link(k, c.clientImpl, s);
    await k.send(["hello", "over ws"]);
    expect(messageText(await s.receive())).toBe("hello|over ws");
    await s.send("back");
    expect(messageText(await k.receive())).toBe("back");
    if (c.serverImpl === "zmtp") expect(users).toEqual([c.mechanism === "PLAIN" ? "admin" : client.publicKey]);
  });

  it("a PLAIN client and a NULL server share no subprotocol: the upgrade is refused, nothing is delivered", async () => {
    const nullServer = new zmtp.Dealer({ linger: 0, receiveTimeout: 300 });
    open.push(nullServer);
    const refusals: string[] = [];
    nullServer.events.on("accept:error", (event) => refusals.push(event.error?.code ?? ""));
    await nullServer.bind("ws://127.0.0.1:0/secure");
    const plainClient = dealer("libzmq", SECURITY.PLAIN.client);
    plainClient.connect(nullServer.lastEndpoint!);
    await plainClient.send("should not arrive");
    await expect(nullServer.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]).toBe("ERR_WS_UNSPECIFIED");
  });
});
