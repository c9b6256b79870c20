/**
 * Reconnection against libzmq: a zmtp socket that connects keeps dialing when the libzmq peer goes away or
 * is not there yet, and messages flow once the peer (re)binds on the same endpoint.
 */
import fs from "node:fs";
import net from "node:net";
import { describe, expect, test } from "vitest";
import {
  bindAddress,
  bindRetrying,
  nextEvent,
  parseSeq,
  seqFrame,
  sequenceDiff,
  TRANSPORTS,
  useIpcDir,
  useSockets,
  WAIT_MS,
  type Impl,
  type TestSocket,
  type Transport,
} from "./helpers.js";
import { delay, within } from "../helpers/wait.js";

const socket = useSockets();
const ipcEndpoint = useIpcDir();

/**
 * An endpoint nobody listens on yet: a fresh ipc path, or a tcp port just released by a net.Server (whose
 * close completes before the callback, unlike libzmq's, which finishes in its I/O thread).
 */
async function unusedEndpoint(transport: Transport): Promise<string> {
  if (transport === "ipc") return ipcEndpoint();
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `tcp://127.0.0.1:${port}`;
}

/** Receives `n` numbered messages (`from` .. `from + n - 1`) and checks their order. */
async function expectSequence(pull: TestSocket, from: number, n: number): Promise<void> {
  const got: number[] = [];
  for (let i = 0; i < n; i++) got.push(parseSeq(await pull.receive()) - from);
  expect(sequenceDiff(got, n)).toBeUndefined();
}

/**
 * Listens on `endpoint` with a bare net.Server until the zmtp socket dials it again, then drops that
 * connection (during the greeting) and stops listening: from then on zmtp knows its peer is gone.
 */
async function waitForRedial(transport: Transport, endpoint: string): Promise<void> {
  const address = endpoint.replace(/^[a-z]+:\/\//, "");
  const options =
    transport === "ipc"
      ? { path: address }
      : { host: "127.0.0.1", port: Number(address.slice(address.lastIndexOf(":") + 1)) };
  // libzmq 4.3 leaves its ipc socket file behind on close; net.Server will not replace it.
  if (transport === "ipc") fs.rmSync(address, { force: true });
  let server: net.Server | undefined;
  let dialed: Promise<net.Socket> | undefined;
  for (let attempt = 0; server === undefined; attempt++) {
    const candidate = net.createServer();
    const connection = new Promise<net.Socket>((resolve) => candidate.once("connection", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        candidate.once("error", reject);
        candidate.listen(options, resolve);
      });
      server = candidate;
      dialed = connection;
    } catch (err) {
      candidate.close();
      if ((err as { code?: string }).code !== "EADDRINUSE" || attempt >= 50) throw err;
      await delay(50);
    }
  }
  try {
    const stream = await within(dialed!, "zmtp redial", WAIT_MS);
    stream.destroy();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

async function sendSequence(push: TestSocket, from: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await push.send(seqFrame(from + i));
}

describe.each(TRANSPORTS)("reconnect over %s", (transport) => {
  test("zmtp PUSH (connect) reaches a libzmq PULL that was closed and re-bound on the same endpoint", async () => {
    const pull1 = socket("libzmq", "PULL");
    await pull1.bind(bindAddress(transport, "libzmq", ipcEndpoint));
    const endpoint = pull1.lastEndpoint;
    const push = socket("zmtp", "PUSH");
    push.connect(endpoint);
    await sendSequence(push, 0, 10);
    await expectSequence(pull1, 0, 10);

    await pull1.close();
    const pull2 = socket("libzmq", "PULL");
    const reconnected = nextEvent(pull2.native!, ["handshake"]);
    await bindRetrying(pull2, endpoint);
    await reconnected; // zmtp has dialed again and completed a handshake with the new PULL

    await sendSequence(push, 100, 100);
    await expectSequence(pull2, 100, 100);
  });

  test("zmtp PUSH keeps its connecting-side queue across a libzmq PULL restart", async () => {
    // Messages sent once the old PULL is gone and before the new one exists wait in the connecting side's
    // queue (shared/conformance.md) and arrive after the reconnect.
    const pull1 = socket("libzmq", "PULL");
    await pull1.bind(bindAddress(transport, "libzmq", ipcEndpoint));
    const endpoint = pull1.lastEndpoint;
    const push = socket("zmtp", "PUSH");
    const pullWatch = nextEvent(pull1.native!, ["handshake"]);
    push.connect(endpoint);
    await pullWatch;
    await sendSequence(push, 0, 5);
    await expectSequence(pull1, 0, 5);

    await pull1.close();
    // Only once zmtp has seen the disconnect are new messages sure to stay in its queue rather than go to
    // the dying connection; its next dial attempt proves it has.
    await waitForRedial(transport, endpoint);
    const sending = sendSequence(push, 200, 50);
    const pull2 = socket("libzmq", "PULL");
    await bindRetrying(pull2, endpoint);
    await expectSequence(pull2, 200, 50);
    await sending;
  });

  describe.each(["zmtp", "libzmq"] as const)("%s PUSH connects before the libzmq PULL binds", (impl: Impl) => {
    const label = impl === "libzmq" ? " (control: libzmq on both ends)" : "";
    test(`messages sent before the bind arrive once it binds${label}`, async () => {
      const endpoint = await unusedEndpoint(transport);
      const push = socket(impl, "PUSH");
      push.connect(endpoint);
      // Started before the bind, not awaited until after it.
      const sending = sendSequence(push, 0, 50);
      const pull = socket("libzmq", "PULL");
      await bindRetrying(pull, endpoint);
      await expectSequence(pull, 0, 50);
      await sending;
    });

    test(`send() resolves before the peer exists (immediate = false queues on the connecting side)${label}`, async () => {
      const endpoint = await unusedEndpoint(transport);
      const push = socket(impl, "PUSH", { sendTimeout: 2000 });
      push.connect(endpoint);
      await sendSequence(push, 0, 5); // must not wait for a peer: fails with EAGAIN after sendTimeout if it does
      const pull = socket("libzmq", "PULL");
      await bindRetrying(pull, endpoint);
      await expectSequence(pull, 0, 5);
    });
  });

  test("zmtp PULL connects before the libzmq PUSH binds; messages arrive once it binds", async () => {
    const endpoint = await unusedEndpoint(transport);
    const pull = socket("zmtp", "PULL");
    pull.connect(endpoint);
    const push = socket("libzmq", "PUSH");
    await bindRetrying(push, endpoint);
    const sending = sendSequence(push, 0, 50);
    await expectSequence(pull, 0, 50);
    await sending;
  });
});
