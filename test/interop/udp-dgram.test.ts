/**
 * DGRAM ↔ DGRAM over udp against libzmq 4.3.5 (zeromq.js's `zeromq/draft` Datagram), both ways: each side
 * binds (DGRAM only binds) and sends to the other's address; each answers to the address frame it received,
 * echoed as it came, libzmq's trailing NUL included, which both libraries take back. libzmq opens a bound
 * udp socket after bind() returns: zmtp first probes until libzmq hears it (untilHeard).
 */
import { describe, expect, it } from "vitest";
import * as draft from "zeromq/draft.js";
import { Datagram } from "../../src/draft.js";
import { freeUdpPort } from "../helpers/free-udp-port.js";
import { untilHeard } from "../helpers/udp-probe.js";
import { within } from "../helpers/wait.js";
import { useDraftSockets, WAIT_MS } from "./draft-kit.js";

const sockets = useDraftSockets();

function portOf(endpoint: string | null): number {
  return Number(endpoint!.slice(endpoint!.lastIndexOf(":") + 1));
}

async function boundPair(): Promise<{ ours: Datagram; theirs: draft.Datagram; theirPort: number }> {
  const theirPort = await freeUdpPort();
  const theirs = sockets.libzmq(new draft.Datagram());
  await theirs.bind(`udp://127.0.0.1:${theirPort}`);
  const ours = sockets.zmtp(new Datagram());
  await ours.bind("udp://127.0.0.1:*");
  await untilHeard(
    (text) => ours.send([`127.0.0.1:${theirPort}`, text]),
    async () => (await within(theirs.receive(), "a probe at libzmq", WAIT_MS))[1].toString(),
  );
  return { ours, theirs, theirPort };
}

describe("udp DGRAM against libzmq 4.3.5", () => {
  it("zmtp sends first: libzmq gets [\"127.0.0.1:port\\0\", body] and its echo comes back", async () => {
    const { ours, theirs, theirPort } = await boundPair();
    await ours.send([`127.0.0.1:${theirPort}`, "ping"]);
    const [from, body] = await within(theirs.receive(), "the datagram at libzmq", WAIT_MS);
    expect(from.toString("latin1")).toBe(`127.0.0.1:${portOf(ours.lastEndpoint)}\0`);
    expect(body.toString()).toBe("ping");
    await theirs.send([from, Buffer.from("pong")]);
    const [back, reply] = await within(ours.receive(), "the echo at zmtp", WAIT_MS);
    expect([back.toString("latin1"), reply.toString()]).toEqual([`127.0.0.1:${theirPort}\0`, "pong"]);
  });

  it("libzmq sends first: zmtp gets libzmq's form and answers to it, NUL and all", async () => {
    const { ours, theirs, theirPort } = await boundPair();
    await theirs.send([`127.0.0.1:${portOf(ours.lastEndpoint)}`, "hello"]);
    const [from, body] = await within(ours.receive(), "the datagram at zmtp", WAIT_MS);
    expect([from.toString("latin1"), body.toString()]).toEqual([`127.0.0.1:${theirPort}\0`, "hello"]);
    await ours.send([from, "hello back"]);
    await ours.send([from.subarray(0, -1), Buffer.alloc(8000, 0x64)]);
    const [, first] = await within(theirs.receive(), "the answer at libzmq", WAIT_MS);
    const [, second] = await within(theirs.receive(), "the large answer at libzmq", WAIT_MS);
    expect(first.toString()).toBe("hello back");
    expect(second.length).toBe(8000);
  });
});
