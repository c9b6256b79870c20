/**
 * wss:// (ZWS 2.0 over TLS): a bound endpoint with libzmq's option names (wssCertPem, wssKeyPem), a connect
 * that trusts a self-signed server (wssTrustPem) and checks its name (wssHostname); a wss:// endpoint
 * mounted on the user's own https.Server beside its own requests (attachHttpServer); and the refusals:
 * an untrusted certificate, a wrong name, a bind without a certificate. (libzmq 4.3.5 as the zeromq package
 * ships it has no wss://: it is built without GnuTLS, so these run zmtp against zmtp.)
 */
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as zmtp from "../../src/index.js";
import { useTeardown } from "../helpers/teardown.js";
import { messageText } from "../helpers/text.js";
import { within } from "../helpers/wait.js";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/wss");
const CERT = fs.readFileSync(path.join(FIXTURES, "cert.pem"), "utf8");
const KEY = fs.readFileSync(path.join(FIXTURES, "key.pem"), "utf8");
const WAIT = 5000;

const { track, defer } = useTeardown();

async function roundTrip(server: zmtp.Reply, client: zmtp.Request): Promise<void> {
  await client.send(["over", "tls"]);
  expect(messageText(await server.receive())).toBe("over|tls");
  await server.send("back");
  expect(messageText(await client.receive())).toBe("back");
}

describe("wss://", () => {
  it("binds with wssCertPem/wssKeyPem; a connect trusting that certificate (wssTrustPem) talks through TLS", async () => {
    const server = track(new zmtp.Reply({ wssCertPem: CERT, wssKeyPem: KEY, receiveTimeout: WAIT }));
    await server.bind("wss://127.0.0.1:0/secure");
    expect(server.lastEndpoint).toMatch(/^wss:\/\/127\.0\.0\.1:[1-9]\d*\/secure$/);
    const client = track(new zmtp.Request({ wssTrustPem: CERT, receiveTimeout: WAIT }));
    client.connect(server.lastEndpoint!.replace("127.0.0.1", "localhost"));
    await roundTrip(server, client);
  });

  it("wssHostname names the certificate to expect when the endpoint's host is an address", async () => {
    const server = track(new zmtp.Reply({ wssCertPem: CERT, wssKeyPem: KEY, receiveTimeout: WAIT }));
    await server.bind("wss://127.0.0.1:0/secure");
    const client = track(new zmtp.Request({ wssTrustPem: CERT, wssHostname: "localhost", receiveTimeout: WAIT }));
    client.connect(server.lastEndpoint!);
    await roundTrip(server, client);
  });

  it("an untrusted certificate, or one for another name, never gets a connection (it keeps retrying)", async () => {
    const server = track(new zmtp.Reply({ wssCertPem: CERT, wssKeyPem: KEY, receiveTimeout: 300 }));
    await server.bind("wss://127.0.0.1:0/secure");
    for (const options of [{}, { wssTrustPem: CERT, wssHostname: "example.com" }]) {
      const client = track(new zmtp.Request({ ...options, reconnectInterval: 50 }));
      const retried = new Promise<void>((resolve) => client.events.on("connect:retry", () => { resolve(); }));
      client.connect(server.lastEndpoint!);
      await within(retried, "a retry after the TLS failure", WAIT);
      await client.send("never");
      await expect(server.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    }
  });

  it("a bind without a certificate is refused with EINVAL, saying what is missing", async () => {
    const server = track(new zmtp.Reply());
    await expect(server.bind("wss://127.0.0.1:0/secure")).rejects.toMatchObject({ code: "EINVAL", message: expect.stringMatching(/wssCertPem/) });
  });

  it("mounts on the user's https.Server: its own requests and ZeroMQ share one port", async () => {
    const web = https.createServer({ cert: CERT, key: KEY }, (_req, res) => {
      res.end("the web app");
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    defer(() => new Promise<void>((resolve) => web.close(() => { resolve(); })));
    const port = (web.address() as { port: number }).port;
    const detach = zmtp.attachHttpServer(web);
    defer(detach);
    const server = track(new zmtp.Reply({ receiveTimeout: WAIT }));
    await server.bind(`wss://127.0.0.1:${port}/zmq`);
    const client = track(new zmtp.Request({ wssTrustPem: CERT, wssHostname: "localhost", receiveTimeout: WAIT }));
    client.connect(`wss://127.0.0.1:${port}/zmq`);
    await roundTrip(server, client);
    const page = await new Promise<string>((resolve, reject) => {
      https.get({ host: "127.0.0.1", port, path: "/", ca: CERT, servername: "localhost" }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => { resolve(body); });
      }).on("error", reject);
    });
    expect(page).toBe("the web app");
    // Unbinding leaves the user's server running.
    await server.unbind(`wss://127.0.0.1:${port}/zmq`);
    expect(web.listening).toBe(true);
  });
});
