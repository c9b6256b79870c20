/**
 * Invalid socket pairs against libzmq: the handshake is refused, no message gets through, nothing crashes,
 * the zmtp socket stays usable for a valid peer and closes cleanly afterwards.
 */
import { describe, expect, test } from "vitest";
import * as zmq from "zeromq";
import {
  bindAddress,
  framesDiff,
  nextEvent,
  seqFrame,
  sequenceDiff,
  parseSeq,
  TRANSPORTS,
  useIpcDir,
  useSockets,
  WAIT_MS,
  type TestSocket,
} from "./helpers.js";
import { within } from "../helpers/wait.js";
import { protocolRefusal } from "./handshake-refusal.js";

const socket = useSockets();
const ipcEndpoint = useIpcDir();

/** What the libzmq side reports when a connection ends before or at the handshake. */
const REFUSAL_EVENTS: readonly zmq.EventType[] = [
  "disconnect",
  "handshake:error:protocol",
  "handshake:error:other",
];

/**
 * Settles when the zmtp socket itself has refused the libzmq peer it dialed, for its socket type: libzmq's
 * own event can come first, and the zmtp side must have dropped that peer's pipe before the test sends on.
 * Only a protocol refusal counts. Under load libzmq may read our READY with the end of our greeting and
 * close before it has sent its READY, and without an ERROR: that end reads as a peer that went away
 * (handshake:error:other), and zmtp, like libzmq's own dialer, keeps the endpoint's pipe and reconnects, so
 * messages sent then would rightly wait in that pipe (close-before-ready.test.ts makes both orders certain).
 * The refusal comes with a later connection; waiting for it keeps what these tests prove: once zmtp knows
 * the peer refuses it, nothing goes to that peer.
 */
async function zmtpRefusal(sock: TestSocket): Promise<void> {
  const refusal = await protocolRefusal(sock.zmtp!, sock.label, WAIT_MS);
  expect(refusal.error?.code).toBe("ERR_ZMTP_INVALID_METADATA");
}

/** Closes the zmtp socket with its default linger (-1): nothing is queued, so it must settle. */
async function expectCleanClose(sock: TestSocket): Promise<void> {
  const zsock = sock.zmtp!;
  expect(zsock.closed).toBe(false);
  await expect(within(zsock.closeAndWait(), `close() of ${sock.label}`, WAIT_MS)).resolves.toBeUndefined();
  expect(zsock.closed).toBe(true);
}

/** Sends `n` numbered messages from a PUSH and checks that the PULL gets exactly those, in order. */
async function pushSequence(push: TestSocket, pull: TestSocket, n: number): Promise<void> {
  const got: number[] = [];
  const sending = (async () => {
    for (let i = 0; i < n; i++) await push.send(seqFrame(i));
  })();
  try {
    for (let i = 0; i < n; i++) got.push(parseSeq(await pull.receive()));
  } finally {
    await sending.catch(() => undefined);
  }
  await sending;
  expect(sequenceDiff(got, n)).toBeUndefined();
}

async function requestReply(req: TestSocket, rep: TestSocket, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await req.send(["hello", String(i)]);
    expect(framesDiff(await rep.receive(), ["hello", String(i)])).toBeUndefined();
    await rep.send(["world", String(i)]);
    expect(framesDiff(await req.receive(), ["world", String(i)])).toBeUndefined();
  }
}

describe.each(TRANSPORTS)("invalid pairs over %s", (transport) => {
  test("zmtp PUSH (bind) refuses a libzmq REQ; a libzmq PULL then gets every message", async () => {
    const push = socket("zmtp", "PUSH");
    await push.bind(bindAddress(transport, "zmtp", ipcEndpoint));
    const req = socket("libzmq", "REQ", { receiveTimeout: 300 });
    const refused = nextEvent(req.native!, REFUSAL_EVENTS);
    req.connect(push.lastEndpoint);
    await req.send("request to a PUSH"); // libzmq queues it on its side of the connection
    await refused;

    const pull = socket("libzmq", "PULL");
    pull.connect(push.lastEndpoint);
    // Round-robin: had the REQ been attached, some of these would go to it.
    await pushSequence(push, pull, 20);
    await expect(req.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    await expectCleanClose(push);
  });

  test("zmtp PUSH (connect) is refused by a libzmq REQ (bind); a libzmq PULL then gets every message", async () => {
    const req = socket("libzmq", "REQ");
    await req.bind(bindAddress(transport, "libzmq", ipcEndpoint));
    const refused = nextEvent(req.native!, REFUSAL_EVENTS);
    const push = socket("zmtp", "PUSH");
    const ourRefusal = zmtpRefusal(push);
    push.connect(req.lastEndpoint);
    await refused;
    await ourRefusal;

    const pull = socket("libzmq", "PULL");
    await pull.bind(bindAddress(transport, "libzmq", ipcEndpoint));
    push.connect(pull.lastEndpoint);
    await pushSequence(push, pull, 20);
    await expectCleanClose(push);
  });

  test("zmtp REQ (connect) refuses a libzmq PUSH (bind); a libzmq REP then serves every request", async () => {
    const push = socket("libzmq", "PUSH");
    await push.bind(bindAddress(transport, "libzmq", ipcEndpoint));
    const refused = nextEvent(push.native!, REFUSAL_EVENTS);
    // No valid peer ever appears, so this send stays pending until the socket closes.
    const stray = push.send("from a PUSH").catch(() => undefined);
    const req = socket("zmtp", "REQ");
    const ourRefusal = zmtpRefusal(req);
    req.connect(push.lastEndpoint);
    await refused;
    await ourRefusal;

    const rep = socket("libzmq", "REP");
    await rep.bind(bindAddress(transport, "libzmq", ipcEndpoint));
    req.connect(rep.lastEndpoint);
    // Round-robin: had the PUSH been attached, a request would go to it and its reply never come.
    await requestReply(req, rep, 4);
    await expectCleanClose(req);
    await push.close();
    await stray;
  });

  test("zmtp REQ (bind) refuses a libzmq PUSH (connect); a libzmq REP then serves every request", async () => {
    const req = socket("zmtp", "REQ");
    await req.bind(bindAddress(transport, "zmtp", ipcEndpoint));
    const push = socket("libzmq", "PUSH");
    const refused = nextEvent(push.native!, REFUSAL_EVENTS);
    push.connect(req.lastEndpoint);
    await push.send("from a PUSH"); // libzmq queues it on its side of the connection
    await refused;

    const rep = socket("libzmq", "REP");
    rep.connect(req.lastEndpoint);
    // Any stray "from a PUSH" would not be a valid reply; every reply must be the REP's.
    await requestReply(req, rep, 4);
    await expectCleanClose(req);
  });
});
