/**
 * Large frames end to end over real sockets. zmtp reads a large body straight into its own buffer on the
 * connections it dials (a read relay) and copies it out of Node's chunks, once, on the ones it accepts; both
 * paths are run here by having the receiving PULL bind and then connect, over tcp and ipc, with messages
 * that mix large and small frames and frames just around the sizes where the paths change. Against libzmq
 * both ways, each side binding. A peer announcing a frame above maxMessageSize loses its connection on
 * either end (that nothing is allocated for it, nor for a huge size without a limit, is proven where the
 * allocation happens: test/codec/frame-decoder-direct.test.ts).
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { DIRECT_READ_MIN } from "../../src/engine/wire/stream-wire.js";
import { Pull, Push } from "../../src/index.js";
import { framesDiff, link, patternBuffer, useIpcDir, useSockets, WAIT_MS, type Impl, type Transport } from "../interop/helpers.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";
import { concat } from "../helpers/bytes.js";
import { greetingBytes, readyFrame } from "../helpers/wire.js";

const open = useSockets();
const ipcEndpoint = useIpcDir();
const track = socketTracker();

/** Messages that cross every path: tiny, around the direct-read threshold, 64 KiB (+1), several MiB. */
function messages(): Buffer[][] {
  let seed = 1;
  const frame = (size: number): Buffer => patternBuffer(size, seed++);
  return [
    [frame(0)],
    [frame(64 * 1024)],
    [frame(10), frame(64 * 1024 + 1), frame(3)],
    [frame(DIRECT_READ_MIN - 1), frame(DIRECT_READ_MIN), frame(DIRECT_READ_MIN + 1)],
    [frame(1024 * 1024)],
    [frame(255), frame(3 * 1024 * 1024 + 7), frame(256)],
    [frame(1)],
  ];
}

async function exchange(sender: Impl, receiver: Impl, transport: Transport, receiverBinds: boolean): Promise<void> {
  const push = open(sender, "PUSH");
  const pull = open(receiver, "PULL");
  if (receiverBinds) await link(pull, push, transport, ipcEndpoint);
  else await link(push, pull, transport, ipcEndpoint);
  const sent = messages();
  for (let round = 0; round < 3; round++) {
    for (const message of sent) await push.send(message);
  }
  for (let round = 0; round < 3; round++) {
    for (const [i, message] of sent.entries()) {
      const got = await within(pull.receive(), `message ${i} of round ${round}`, WAIT_MS);
      expect(framesDiff(got, message), `message ${i} of round ${round}`).toBeUndefined();
    }
  }
}

describe("large frames between zmtp sockets", () => {
  for (const transport of ["tcp", "ipc"] as const) {
    it(`${transport}: the receiver accepts (chunks copied once)`, async () => {
      await exchange("zmtp", "zmtp", transport, true);
    });
    it(`${transport}: the receiver dials (bodies read in place)`, async () => {
      await exchange("zmtp", "zmtp", transport, false);
    });
  }
});

describe("large frames against libzmq", () => {
  for (const [sender, receiver] of [
    ["libzmq", "zmtp"],
    ["zmtp", "libzmq"],
  ] as const) {
    for (const receiverBinds of [true, false]) {
      it(`${sender} PUSH → ${receiver} PULL over tcp, the ${receiverBinds ? "PULL" : "PUSH"} binding`, async () => {
        await exchange(sender, receiver, "tcp", receiverBinds);
      });
    }
  }
});

/** A PUSH peer written by hand: greeting and READY, then what the test sends. */
const PUSH_HELLO = concat([greetingBytes({ padding: [0, 0, 0, 0, 0, 0, 0, 1] }), readyFrame([["Socket-Type", "PUSH"]])]);

/** The header of a long frame of `size` octets. */
function longHeader(size: number): Buffer {
  const header = Buffer.alloc(9);
  header[0] = 0x02;
  header.writeBigUInt64BE(BigInt(size), 1);
  return header;
}

/** A raw connection to a zmtp PULL that binds, or from one that connects. */
async function rawPeerOf(pull: Pull, pullBinds: boolean): Promise<net.Socket> {
  if (pullBinds) {
    await pull.bind("tcp://127.0.0.1:0");
    const endpoint = /^tcp:\/\/(.+):(\d+)$/.exec(pull.lastEndpoint!)!;
    const socket = net.connect({ host: endpoint[1]!, port: Number(endpoint[2]) });
    socket.on("error", () => undefined);
    socket.resume(); // what zmtp writes is not looked at, but read: else the far end's close is never seen
    await within(new Promise((resolve) => socket.once("connect", resolve)), "raw connect");
    return socket;
  }
  const server = net.createServer();
  const accepted = new Promise<net.Socket>((resolve) => server.once("connection", resolve));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pull.connect(`tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
  const socket = await within(accepted, "zmtp dials the raw peer");
  socket.on("error", () => undefined);
  socket.resume();
  server.close();
  return socket;
}

describe("announced sizes", () => {
  for (const pullBinds of [true, false]) {
    const side = pullBinds ? "accepted" : "dialed";
    it(`drops a peer announcing a frame above maxMessageSize (${side} connection)`, async () => {
      const pull = track(new Pull({ maxMessageSize: 1024 * 1024 }));
      const raw = await rawPeerOf(pull, pullBinds);
      const closed = new Promise<void>((resolve) => {
        raw.once("close", () => {
          resolve();
        });
      });
      raw.write(concat([PUSH_HELLO, longHeader(1024 * 1024 + 1), Buffer.alloc(1000)]));
      await within(closed, "the connection dropped", WAIT_MS);
    });
  }
});

describe("a message between sockets of one process keeps its memory", () => {
  it("delivers the sender's large frame unchanged after the sender reuses its buffer", async () => {
    const push = track(new Push());
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    push.connect(pull.lastEndpoint!);
    const body = patternBuffer(256 * 1024, 99);
    const copy = Buffer.from(body);
    await push.send(body);
    const [got] = await within(pull.receive(), "the message");
    body.fill(0);
    expect(got!.equals(copy)).toBe(true);
  });
});
