/**
 * CURVE traffic tampered with on the wire, between zmtp and libzmq 4.3.5: a tcp proxy in the middle
 * forges (flips one bit of) or replays (sends twice) the client's first MESSAGE after the handshake.
 * The receiving side, either implementation, ends the connection and delivers nothing forged; libzmq's
 * reasons (ERR_ZMTP_CRYPTOGRAPHIC, ERR_ZMTP_INVALID_SEQUENCE) are the ones our byte-level tests expect.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { frameTexts } from "../helpers/text.js";
import { within } from "../helpers/wait.js";
import { firstEvent, stillPendingAfter, useCurveSockets, WAIT_MS, type Impl } from "./curve-kit.js";

const socket = useCurveSockets();
const proxies: net.Server[] = [];
const streams: net.Socket[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.destroy();
  for (const proxy of proxies.splice(0)) proxy.close();
});

type Tamper = "forge" | "replay";

/**
 * A proxy to `port` that passes everything, except that the client's frame number `target` (counting from
 * 0 after its 64-octet greeting: HELLO, INITIATE, then the first MESSAGE) is forged or sent twice.
 */
async function tamperingProxy(port: number, target: number, tamper: Tamper): Promise<number> {
  const proxy = net.createServer((client) => {
    const server = net.connect(port, "127.0.0.1");
    streams.push(client, server);
    let pending = Buffer.alloc(0);
    let greetingLeft = 64;
    let index = 0;
    client.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const out: Buffer[] = [];
      for (;;) {
        if (greetingLeft > 0) {
          // The greeting goes on at once, in whatever pieces it comes: libzmq sends it in stages.
          const n = Math.min(greetingLeft, pending.length);
          out.push(pending.subarray(0, n));
          pending = pending.subarray(n);
          greetingLeft -= n;
          if (greetingLeft > 0) break;
          continue;
        }
        if (pending.length < 2) break;
        const long = (pending[0]! & 0x02) !== 0;
        const header = long ? 9 : 2;
        if (pending.length < header) break;
        const size = long ? Number(pending.readBigUInt64BE(1)) : pending[1]!;
        if (pending.length < header + size) break;
        let frame = Buffer.from(pending.subarray(0, header + size));
        pending = pending.subarray(header + size);
        if (index++ === target) {
          if (tamper === "forge") frame[frame.length - 1]! ^= 0x01;
          else frame = Buffer.concat([frame, frame]);
        }
        out.push(frame);
      }
      if (out.length > 0) server.write(Buffer.concat(out));
    });
    server.on("data", (chunk: Buffer) => client.write(chunk));
    client.on("close", () => server.destroy());
    server.on("close", () => client.destroy());
    client.on("error", () => undefined);
    server.on("error", () => undefined);
  });
  proxies.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return (proxy.address() as net.AddressInfo).port;
}

const portOf = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
const other = (impl: Impl): Impl => (impl === "zmtp" ? "libzmq" : "zmtp");

describe("CURVE traffic tampered with between zmtp and libzmq", () => {
  for (const receiver of ["zmtp", "libzmq"] as const) {
    it(`a forged MESSAGE to a ${receiver} server ends the connection; nothing is delivered`, async () => {
      const keys = zmq.curveKeyPair();
      const pull = socket(receiver, "ROUTER", { server: keys });
      await pull.bind("tcp://127.0.0.1:*");
      const port = await tamperingProxy(portOf(pull.lastEndpoint!), 2, "forge");
      const dropped = firstEvent(pull, ["handshake:error:protocol"]);
      const sender = socket(other(receiver), "DEALER", { client: zmtp.curveKeyPair(), serverKey: keys.publicKey }, { reconnectInterval: 60_000 });
      sender.connect(`tcp://127.0.0.1:${port}`);
      await sender.send("pay 100 to mallory");
      const event = await dropped;
      // Both name the reason, as libzmq's monitor does for a MESSAGE that fails to open.
      expect(event.error?.code).toBe("ERR_ZMTP_CRYPTOGRAPHIC");
      const next = pull.receive();
      expect(await stillPendingAfter(next, 100)).toBe(true);
      next.catch(() => undefined);
    });

    it(`a replayed MESSAGE to a ${receiver} server is delivered once, then the connection ends`, async () => {
      const keys = zmq.curveKeyPair();
      const pull = socket(receiver, "ROUTER", { server: keys });
      await pull.bind("tcp://127.0.0.1:*");
      const port = await tamperingProxy(portOf(pull.lastEndpoint!), 2, "replay");
      const dropped = firstEvent(pull, ["handshake:error:protocol"]);
      const sender = socket(other(receiver), "DEALER", { client: zmtp.curveKeyPair(), serverKey: keys.publicKey }, { reconnectInterval: 60_000 });
      sender.connect(`tcp://127.0.0.1:${port}`);
      await sender.send("pay 100 to mallory");
      const [, ...first] = await within(pull.receive(), "the genuine message", WAIT_MS);
      expect(frameTexts(first)).toEqual(["pay 100 to mallory"]);
      const event = await dropped;
      expect(event.error?.code).toBe("ERR_ZMTP_INVALID_SEQUENCE");
      const next = pull.receive();
      expect(await stillPendingAfter(next, 100)).toBe(true);
      next.catch(() => undefined);
    });
  }
});
