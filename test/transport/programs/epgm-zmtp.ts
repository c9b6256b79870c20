/**
 * Runs inside a private network namespace (`unshare -n`, root) made by test/transport/epgm.test.ts: zmtp's
 * epgm between zmtp sockets over the namespace's loopback (`ip route add 224.0.0.0/4 dev lo`), never on a
 * real interface. SCENARIO picks what runs; each prints result lines and the program exits 0 when it held.
 * - "subscribers": two SUBs (one binds, one connects) and a late joiner, all from one PUB;
 * - "loss": the same with 5 % of the port's datagrams dropped by nftables (data, NAKs, NCFs, repairs);
 * - "xpub": XPUB → XSUB and a filtering SUB;
 * - "lifetime": a PUB and a SUB left open after one message: the process must still end by itself.
 */
import { execFileSync } from "node:child_process";
import { Publisher, Subscriber, XPublisher, XSubscriber } from "../../../src/index.js";
import { EpgmTally, epgmMessage } from "../../helpers/epgm-messages.js";
import { refWithin, run } from "../../helpers/namespace-program.js";

function within<T>(promise: Promise<T>, label: string, ms = 30_000): Promise<T> {
  return refWithin(promise, label, ms);
}

/** Receives until the message with index `last` (or `idle` ms of silence); the tally of what came. */
async function collect(sub: Subscriber | XSubscriber, last: number, idle = 8000): Promise<EpgmTally> {
  const tally = new EpgmTally();
  sub.receiveTimeout = idle;
  try {
    while (tally.last < last) tally.add(await sub.receive());
  } catch {
    // Silence: the tally says what was missing.
  }
  return tally;
}

async function connected(socket: Subscriber | Publisher, endpoint: string): Promise<void> {
  const open = new Promise<void>((resolve) => socket.events.on("connect", () => {
    resolve();
  }));
  socket.connect(endpoint);
  await within(open, `${endpoint} to open`);
}

run("ip", "link", "set", "lo", "up");
run("ip", "route", "add", "224.0.0.0/4", "dev", "lo");
const scenario = process.env.SCENARIO ?? "subscribers";

async function subscribers(port: number, count: number): Promise<void> {
  const endpoint = `epgm://127.0.0.1;239.192.1.1:${port}`;
  const first = new Subscriber({ rate: 10_000, receiveHighWaterMark: count + 10 });
  const second = new Subscriber({ rate: 10_000, receiveHighWaterMark: count + 10 });
  first.subscribe();
  second.subscribe();
  await first.bind(endpoint);
  await connected(second, endpoint.replace("127.0.0.1", "lo"));
  // 2 Mbit/s: the stream lasts a few seconds, so the late joiner comes in the middle of it.
  const pub = new Publisher({ rate: 2000, sendHighWaterMark: count + 10, linger: 0 });
  await pub.bind(endpoint);
  const sending = (async () => {
    for (let i = 0; i < count; i++) await pub.send(epgmMessage(i));
  })();
  const results = Promise.all([collect(first, count - 1), collect(second, count - 1)]);
  // The late joiner: once the first subscriber has had a third of the messages.
  const watcher = new Subscriber({ rate: 10_000 });
  const late = (async () => {
    const peek = new Subscriber({ rate: 10_000 });
    peek.subscribe();
    await peek.bind(endpoint);
    for (let seen = 0; seen < count / 3; seen++) await within(peek.receive(), "the stream to be under way");
    peek.close();
    watcher.subscribe();
    await watcher.bind(endpoint);
    return collect(watcher, count - 1);
  })();
  await within(sending, "sending");
  const [a, b] = await within(results, "both subscribers");
  const c = await within(late, "the late joiner");
  console.log(`first: ${a.toString()}`);
  console.log(`second: ${b.toString()}`);
  console.log(`late: ${c.toString()}`);
  for (const s of [first, second, watcher, pub]) s.close();
}

async function xpub(port: number): Promise<void> {
  const endpoint = `epgm://127.0.0.1;239.192.1.1:${port}`;
  const xsub = new XSubscriber();
  await xsub.bind(endpoint);
  const filtering = new Subscriber();
  filtering.subscribe("1");
  await filtering.bind(endpoint);
  const pub = new XPublisher({ linger: 0 });
  await pub.bind(endpoint);
  // Subscriptions never travel on PGM: the XPUB's epgm pipe takes everything, and says so once.
  console.log(`xpub sees: ${JSON.stringify(String((await within(pub.receive(), "the XPUB's subscription"))[0]))}`);
  for (let i = 0; i < 20; i++) await pub.send(epgmMessage(i));
  const all = await collect(xsub, 19);
  const some: number[] = [];
  filtering.receiveTimeout = 2000;
  try {
    for (;;) some.push(Number(String((await filtering.receive())[0])));
  } catch {
    // Silence after the last match.
  }
  console.log(`xsub: ${all.toString()}`);
  console.log(`filtered: ${some.join(",")}`);
  for (const s of [xsub, filtering, pub]) s.close();
}

if (scenario === "subscribers") {
  await subscribers(5555, 2000);
} else if (scenario === "loss") {
  run("nft", "add", "table", "inet", "loss");
  run("nft", "add", "chain", "inet", "loss", "input", "{ type filter hook input priority 0; }");
  run("nft", "add", "rule", "inet", "loss", "input", "udp", "dport", "5556", "numgen", "random", "mod", "100", "<", "5", "counter", "drop");
  await subscribers(5556, 3000);
  console.log(execFileSync("nft", ["list", "table", "inet", "loss"]).toString().match(/counter packets \d+/)?.[0] ?? "no counter");
} else if (scenario === "xpub") {
  await xpub(5557);
} else {
  const endpoint = "epgm://127.0.0.1;239.192.1.1:5558";
  const sub = new Subscriber();
  sub.subscribe();
  await sub.bind(endpoint);
  const pub = new Publisher({ rate: 1000 });
  await pub.bind(endpoint);
  await pub.send("one");
  console.log(`lifetime: got ${String((await within(sub.receive(), "the message"))[0])}, leaving both open`);
  // No close, no exit: open epgm sockets (udp sockets, SPM and NAK timers) must not keep the process alive.
}
if (scenario !== "lifetime") process.exit(0);
