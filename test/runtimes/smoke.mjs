// The runtime smoke suite: every socket pattern over tcp, ipc and inproc, and a libzmq peer where the runtime
// can load one, against the packed package (`import "zmtp"` from a project's node_modules). Plain JavaScript,
// so that Node.js, Bun and Deno run it as it is; test/runtimes/runtimes.test.ts runs it on each.
//
// Prints one JSON line: { runtime, version, results: [{ name, ok, error? }], libzmq }. Exits 1 if any check
// failed. ZMTP_SMOKE_ZEROMQ, when set, is a file URL of the `zeromq` package (libzmq through its native
// addon); `libzmq` says whether it loaded ("loaded") or why not ("unavailable: …").
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import * as zmtp from "zmtp";

const WAIT_MS = 10_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-smoke-"));
let serial = 0;

function runtime() {
  if (typeof globalThis.Deno !== "undefined") return { runtime: "deno", version: globalThis.Deno.version.deno };
  if (typeof process.versions.bun === "string") return { runtime: "bun", version: process.versions.bun };
  return { runtime: "node", version: process.versions.node };
}

/** A fresh endpoint of the transport; bound sockets read the real one back from lastEndpoint. */
function endpoint(transport) {
  serial += 1;
  if (transport === "tcp") return "tcp://127.0.0.1:*";
  if (transport === "ipc") return `ipc://${path.join(dir, `smoke-${serial}.sock`)}`;
  return `inproc://smoke-${serial}`;
}

function within(promise, label) {
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms: ${label}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function expectFrames(frames, expected, label) {
  const got = frames.map((frame) => frame.toString());
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  }
}

/** A bound socket and a connected one; both closed (linger 0) when `body` ends. */
async function pair(Bound, Connected, transport, body, options = {}) {
  const bound = new Bound({ linger: 0, ...options.bound });
  const connected = new Connected({ linger: 0, ...options.connected });
  try {
    await bound.bind(endpoint(transport));
    connected.connect(bound.lastEndpoint);
    await body(bound, connected);
  } finally {
    connected.close();
    bound.close();
  }
}

/** Publishes `message` until the subscriber has one (a subscription reaches a publisher only once connected). */
async function publishUntilReceived(send, receive, label) {
  const received = receive();
  let done = false;
  received.then(() => (done = true), () => (done = true));
  const deadline = Date.now() + WAIT_MS;
  while (!done) {
    if (Date.now() > deadline) throw new Error(`timed out: ${label}`);
    await send();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return received;
}

const patterns = {
  "PUSH → PULL": (t) =>
    pair(zmtp.Pull, zmtp.Push, t, async (pull, push) => {
      for (let i = 0; i < 3; i++) await push.send(["task", String(i)]);
      for (let i = 0; i < 3; i++) expectFrames(await within(pull.receive(), "pull"), ["task", String(i)], "pipeline");
    }),
  "REQ ⇄ REP": (t) =>
    pair(zmtp.Reply, zmtp.Request, t, async (rep, req) => {
      for (let i = 0; i < 2; i++) {
        await req.send(`hello ${i}`);
        const [request] = await within(rep.receive(), "rep");
        await rep.send(`world (${request})`);
        expectFrames(await within(req.receive(), "req"), [`world (hello ${i})`], "request-reply");
      }
    }),
  "DEALER ⇄ ROUTER": (t) =>
    pair(
      zmtp.Router,
      zmtp.Dealer,
      t,
      async (router, dealer) => {
        await dealer.send(["", "ask"]);
        const [id, empty, body] = await within(router.receive(), "router");
        expectFrames([id, empty, body], ["dealer-1", "", "ask"], "router receives");
        await router.send([id, "", "answer"]);
        expectFrames(await within(dealer.receive(), "dealer"), ["", "answer"], "dealer receives");
      },
      { connected: { routingId: "dealer-1" } },
    ),
  "PUB → SUB": (t) =>
    pair(zmtp.Publisher, zmtp.Subscriber, t, async (pub, sub) => {
      sub.subscribe("a");
      const [topic] = await publishUntilReceived(
        async () => {
          await pub.send(["b-filtered", "x"]);
          await pub.send(["a-wanted", "y"]);
        },
        () => within(sub.receive(), "sub"),
        "subscription",
      );
      if (topic.toString() !== "a-wanted") throw new Error(`filtering: got ${topic.toString()}`);
    }),
  "XPUB ⇄ XSUB": (t) =>
    pair(zmtp.XPublisher, zmtp.XSubscriber, t, async (xpub, xsub) => {
      await xsub.send(Buffer.from("\x01news"));
      expectFrames(await within(xpub.receive(), "xpub"), ["\x01news"], "subscription message");
      await xpub.send(["news", "today"]);
      expectFrames(await within(xsub.receive(), "xsub"), ["news", "today"], "xsub receives");
    }),
  "PAIR ⇄ PAIR": (t) =>
    pair(zmtp.Pair, zmtp.Pair, t, async (a, b) => {
      await b.send("ping");
      expectFrames(await within(a.receive(), "pair a"), ["ping"], "pair one way");
      await a.send("pong");
      expectFrames(await within(b.receive(), "pair b"), ["pong"], "pair other way");
    }),
};

/**
 * A libzmq socket's next message without zeromq.js ever waiting for one: with receiveTimeout 0 each try
 * returns at once (EAGAIN when nothing is there). A receive() that waits polls libzmq's ZMQ_FD through
 * libuv's uv_poll, and Deno 2.9's emulation of it misses the wake-up about half the time (libzmq against
 * libzmq in Deno hangs the same way), which has nothing to do with zmtp.
 */
async function receiveFromLibzmq(socket, label) {
  socket.receiveTimeout = 0;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return await socket.receive();
    } catch (error) {
      if (error?.code !== "EAGAIN" || Date.now() > deadline) throw new Error(`${label}: ${String(error?.message ?? error)}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

/** zmtp against libzmq (zeromq.js v6), each side binding once; tcp and ipc. */
function libzmqChecks(zmq) {
  const checks = {};
  for (const t of ["tcp", "ipc"]) {
    checks[`libzmq PULL binds, zmtp PUSH (${t})`] = async () => {
      const pull = new zmq.Pull({ linger: 0 });
      const push = new zmtp.Push({ linger: 0 });
      try {
        await pull.bind(t === "tcp" ? "tcp://127.0.0.1:*" : endpoint("ipc"));
        push.connect(pull.lastEndpoint);
        await push.send(["to", "libzmq"]);
        expectFrames(await receiveFromLibzmq(pull, "libzmq pull"), ["to", "libzmq"], "zmtp → libzmq");
      } finally {
        push.close();
        pull.close();
      }
    };
    checks[`zmtp REP binds, libzmq REQ (${t})`] = async () => {
      const rep = new zmtp.Reply({ linger: 0 });
      const req = new zmq.Request({ linger: 0 });
      try {
        await rep.bind(endpoint(t));
        req.connect(rep.lastEndpoint);
        await req.send("question");
        const [question] = await within(rep.receive(), "zmtp rep");
        await rep.send(`answer to ${question}`);
        expectFrames(await receiveFromLibzmq(req, "libzmq req"), ["answer to question"], "libzmq ⇄ zmtp");
      } finally {
        req.close();
        rep.close();
      }
    };
  }
  return checks;
}

async function main() {
  const results = [];
  const run = async (name, check) => {
    try {
      await check();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: String(error?.stack ?? error) });
    }
  };
  for (const [name, check] of Object.entries(patterns)) {
    for (const t of ["tcp", "ipc", "inproc"]) await run(`${name} over ${t}`, () => check(t));
  }
  let libzmq = "not asked for";
  if (process.env.ZMTP_SMOKE_ZEROMQ) {
    let zmq;
    try {
      zmq = await import(process.env.ZMTP_SMOKE_ZEROMQ);
      libzmq = "loaded";
    } catch (error) {
      libzmq = `unavailable: ${String(error?.message ?? error).split("\n")[0]}`;
    }
    if (zmq !== undefined) for (const [name, check] of Object.entries(libzmqChecks(zmq))) await run(name, check);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ ...runtime(), results, libzmq })}\n`);
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}

await main();
