/**
 * ZAP (RFC 27) as libzmq 4.3.5 does it, checked side by side: the same situation with a libzmq server and
 * with a zmtp server (each with its handler at inproc://zeromq.zap.01 in its own world), the other
 * implementation as client. The request frames are the same; statuses 300/400/500 and malformed replies
 * are reported alike; NULL asks only with a zapDomain; zapEnforceDomain; a REP handler; a handler on the
 * client's side is not asked. Then zmtp's JavaScript authenticator against libzmq clients.
 */
import { describe, expect, test } from "vitest";
import * as zmtp from "../../src/index.js";
import { useIpcDir, type Impl } from "./helpers.js";
import { exchange, join, useAnySockets, type AnySocket } from "./plain-sockets.js";
import { EventLog, plainPassword, useZapHandlers, type Decide, type ZapRequestSeen } from "./zap-handlers.js";

const socket = useAnySockets();
const zapHandler = useZapHandlers();
const ipcEndpoint = useIpcDir();

const IMPLS: readonly Impl[] = ["zmtp", "libzmq"];
const other = (impl: Impl): Impl => (impl === "zmtp" ? "libzmq" : "zmtp");

const GOOD = { plainUsername: "admin", plainPassword: "secret" };

/** A PLAIN pair: `serverImpl` ROUTER server bound, the other side's DEALER client connected. */
async function plainPair(serverImpl: Impl, serverOptions: Record<string, unknown> = {}, clientOptions: Record<string, unknown> = GOOD) {
  const server = socket(serverImpl, "ROUTER", { plainServer: true, ...serverOptions });
  const client = socket(other(serverImpl), "DEALER", clientOptions);
  const serverEvents = new EventLog(server);
  const clientEvents = new EventLog(client);
  await join(server, serverImpl, client);
  return { server, client, serverEvents, clientEvents };
}

/** Strips what differs between runs (nothing should): the request a handler saw, as plain data. */
function shape(request: ZapRequestSeen): Record<string, unknown> {
  return { ...request, identity: request.identity.toString("latin1"), credentials: request.credentials.map((c) => c.toString("latin1")) };
}

describe("the ZAP request, as each server sends it", () => {
  test("zmtp's PLAIN server sends the frames libzmq's does (version, id \"1\", domain, address, the server's routing id, mechanism, credentials)", async () => {
    const seen: Record<string, Record<string, unknown>> = {};
    for (const serverImpl of IMPLS) {
      const zap = await zapHandler(serverImpl);
      const { server, client } = await plainPair(serverImpl, { zapDomain: "global", routingId: "srv" });
      await exchange("DEALER/ROUTER", client, server);
      expect(zap.requests.length).toBe(1);
      seen[serverImpl] = shape(zap.requests[0]!);
      await zap.close();
    }
    expect(seen.zmtp).toEqual({
      version: "1.0",
      requestId: "1",
      domain: "global",
      address: "127.0.0.1",
      identity: "srv",
      mechanism: "PLAIN",
      credentials: ["admin", "secret"],
    });
    expect(seen.zmtp).toEqual(seen.libzmq);
  });

  test("over ipc, both servers work; the Address is \"\" from zmtp (Node cannot read peer credentials), libzmq's is localhost:uid:gid:pid on Linux", async () => {
    const addresses: Record<string, string> = {};
    for (const serverImpl of IMPLS) {
      const zap = await zapHandler(serverImpl);
      const server = socket(serverImpl, "ROUTER", { plainServer: true });
      const client = socket(other(serverImpl), "DEALER", GOOD);
      await server.bind(ipcEndpoint());
      client.connect(server.lastEndpoint!);
      await exchange("DEALER/ROUTER", client, server);
      addresses[serverImpl] = zap.requests[0]!.address;
      await zap.close();
    }
    expect(addresses.zmtp).toBe("");
    if (process.platform === "linux") expect(addresses.libzmq).toMatch(/^localhost:\d+:\d+:\d+$/);
  });

  test("a zmtp REP works as the handler, and a handler bound on the client's side is never asked", async () => {
    const zmtpHandler = await zapHandler("zmtp", plainPassword("admin", "secret"), "REP");
    const libzmqHandler = await zapHandler("libzmq");
    const { server, client } = await plainPair("zmtp");
    await exchange("DEALER/ROUTER", client, server);
    expect(zmtpHandler.requests.length).toBe(1);
    expect(libzmqHandler.requests.length).toBe(0);
  });
});

describe("ZAP statuses, reported alike by both servers", () => {
  for (const serverImpl of IMPLS) {
    test(`${serverImpl} server: 500 refuses with ERROR 500, seen as auth 500 on both sides`, async () => {
      await zapHandler(serverImpl, () => ({ status: "500", text: "internal" }));
      const { serverEvents, clientEvents } = await plainPair(serverImpl);
      expect((await serverEvents.next("handshake:error:auth")).status).toBe(500);
      expect((await clientEvents.next("handshake:error:auth")).status).toBe(500);
    });

    test(`${serverImpl} server: 300 (temporary) refuses without ERROR: auth 300 at the server only`, async () => {
      await zapHandler(serverImpl, () => ({ status: "300", text: "try later" }));
      // libzmq keeps the refused connection until the handshake times out; zmtp ends it at once.
      const { serverEvents, clientEvents } = await plainPair(serverImpl, { handshakeInterval: 300 });
      expect((await serverEvents.next("handshake:error:auth")).status).toBe(300);
      await clientEvents.next("disconnect");
      expect(clientEvents.types()).not.toContain("handshake:error:auth");
      expect(clientEvents.types()).not.toContain("handshake");
    });
  }

  const MALFORMED: [string, Decide, string][] = [
    ["a reply of 6 frames", (r) => ({ raw: ["1.0", r.requestId, "200", "OK", ""] }), "ERR_ZAP_MALFORMED_REPLY"],
    ["a reply of 8 frames", (r) => ({ raw: ["1.0", r.requestId, "200", "OK", "", "", "extra"] }), "ERR_ZAP_MALFORMED_REPLY"],
    ["version 2.0", (r) => ({ raw: ["2.0", r.requestId, "200", "OK", "", ""] }), "ERR_ZAP_BAD_VERSION"],
    ["another request id", () => ({ raw: ["1.0", "2", "200", "OK", "", ""] }), "ERR_ZAP_BAD_REQUEST_ID"],
    ["status 201", (r) => ({ raw: ["1.0", r.requestId, "201", "OK", "", ""] }), "ERR_ZAP_INVALID_STATUS_CODE"],
    ["status 600", (r) => ({ raw: ["1.0", r.requestId, "600", "OK", "", ""] }), "ERR_ZAP_INVALID_STATUS_CODE"],
    ["truncated metadata", (r) => ({ raw: ["1.0", r.requestId, "200", "OK", "", Buffer.from([4, 0x58, 0x2d, 0x41, 0x42, 0, 0, 0, 9, 0x7a])] }), "ERR_ZAP_INVALID_METADATA"],
  ];
  for (const [what, decide, code] of MALFORMED) {
    test(`${what}: handshake:error:protocol ${code} on both servers`, async () => {
      for (const serverImpl of IMPLS) {
        const zap = await zapHandler(serverImpl, decide);
        const { serverEvents } = await plainPair(serverImpl);
        expect((await serverEvents.next("handshake:error:protocol")).code, serverImpl).toBe(code);
        await zap.close();
      }
    });
  }
});

describe("NULL and ZAP: asked only when the socket has a zapDomain (libzmq's rule)", () => {
  for (const serverImpl of IMPLS) {
    test(`${serverImpl} server without a zapDomain: the handler is not asked`, async () => {
      const zap = await zapHandler(serverImpl);
      const server = socket(serverImpl, "REP", {});
      const client = socket(other(serverImpl), "REQ", {});
      await join(server, serverImpl, client);
      await exchange("REQ/REP", client, server);
      expect(zap.requests.length).toBe(0);
    });

    test(`${serverImpl} server with a zapDomain: asked (mechanism NULL, no credentials); allowed, then denied with 400`, async () => {
      const zap = await zapHandler(serverImpl);
      const server = socket(serverImpl, "REP", { zapDomain: "dom" });
      const client = socket(other(serverImpl), "REQ", {});
      await join(server, serverImpl, client);
      await exchange("REQ/REP", client, server);
      expect(shape(zap.requests[0]!)).toMatchObject({ version: "1.0", domain: "dom", address: "127.0.0.1", mechanism: "NULL", credentials: [] });

      zap.decide = () => ({ status: "400", text: "go away" });
      const intruder = socket(other(serverImpl), "REQ", {});
      const intruderEvents = new EventLog(intruder);
      const serverEvents = new EventLog(server);
      intruder.connect(server.lastEndpoint!);
      expect((await serverEvents.next("handshake:error:auth")).status).toBe(400);
      expect((await intruderEvents.next("handshake:error:auth")).status).toBe(400);
      // The first client goes on.
      await exchange("REQ/REP", client, server, "again");
    });

    test(`${serverImpl} server with a zapDomain and no handler: goes on unauthenticated; with zapEnforceDomain: EFAULT`, async () => {
      const open = socket(serverImpl, "REP", { zapDomain: "dom" });
      const client = socket(other(serverImpl), "REQ", {});
      await join(open, serverImpl, client);
      await exchange("REQ/REP", client, open);

      const strict = socket(serverImpl, "REP", { zapDomain: "dom", zapEnforceDomain: true });
      const strictEvents = new EventLog(strict);
      const refused = socket(other(serverImpl), "REQ", {});
      await join(strict, serverImpl, refused);
      expect((await strictEvents.next("handshake:error:other")).code).toBe("EFAULT");
    });
  }
});

describe("zmtp's JavaScript authenticator, against libzmq clients", () => {
  function server(authenticator: zmtp.Authenticator, options: Record<string, unknown> = {}): AnySocket {
    const sock = socket("zmtp", "ROUTER", { plainServer: true, ...options });
    (sock as unknown as zmtp.Router).authenticator = authenticator;
    return sock;
  }

  test("sync and async answers: allowed peers get through, with the request the ZAP handler would get", async () => {
    const requests: zmtp.AuthRequest[] = [];
    for (const answer of [
      (r: zmtp.AuthRequest) => r.password === "secret",
      (r: zmtp.AuthRequest) => Promise.resolve({ allow: r.password === "secret", userId: "admin" }),
    ]) {
      const sock = server((request) => {
        requests.push(request);
        return answer(request);
      }, { zapDomain: "js", routingId: "srv" });
      const client = socket("libzmq", "DEALER", GOOD);
      await join(sock, "zmtp", client);
      await exchange("DEALER/ROUTER", client, sock);
    }
    expect(requests.length).toBe(2);
    expect(requests[0]).toEqual({ mechanism: "PLAIN", address: "127.0.0.1", domain: "js", routingId: Buffer.from("srv"), username: "admin", password: "secret" });
  });

  const DENIALS: [string, zmtp.Authenticator, number][] = [
    ["false", () => false, 400],
    ["{ allow: false }", () => ({ allow: false }), 400],
    ["{ allow: false, statusCode: 500 } (async)", async () => ({ allow: false, statusCode: 500 }), 500],
    ["a throw", () => {
      throw new Error("database down");
    }, 500],
    ["a rejection", () => Promise.reject(new Error("database down")), 500],
    ["an answer that is no decision", () => "yes" as unknown as boolean, 500],
  ];
  for (const [what, authenticator, status] of DENIALS) {
    test(`${what}: refused with ${status} on both sides; the process and other peers go on`, async () => {
      let calls = 0;
      const sock = server((request) => (calls++ === 0 ? authenticator(request) : true));
      const serverEvents = new EventLog(sock);
      const refused = socket("libzmq", "DEALER", GOOD);
      const refusedEvents = new EventLog(refused);
      await join(sock, "zmtp", refused);
      expect((await serverEvents.next("handshake:error:auth")).status).toBe(status);
      expect((await refusedEvents.next("handshake:error:auth")).status).toBe(status);
      const good = socket("libzmq", "DEALER", { ...GOOD, routingId: "good" });
      good.connect(sock.lastEndpoint!);
      const request = await exchange("DEALER/ROUTER", good, sock, "after");
      expect(request[0]!.toString()).toBe("good");
    });
  }

  test("the authenticator takes precedence over a bound handler, and NULL sockets with one ask it", async () => {
    const zap = await zapHandler("zmtp");
    const asked: string[] = [];
    const sock = socket("zmtp", "REP", {});
    (sock as unknown as zmtp.Reply).authenticator = (request) => {
      asked.push(request.mechanism);
      return true;
    };
    const client = socket("libzmq", "REQ", {});
    await join(sock, "zmtp", client);
    await exchange("REQ/REP", client, sock);
    expect(asked).toEqual(["NULL"]);
    expect(zap.requests.length).toBe(0);
  });
});
