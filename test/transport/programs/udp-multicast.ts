/**
 * Runs inside a private network namespace (`unshare -n`, root) made by test/transport/udp-multicast.test.ts,
 * never on a real interface: multicast over udp with zmtp's RADIO, DISH and DGRAM and libzmq's (zeromq.js
 * draft sockets). IPv4 groups go over the namespace's loopback (`ip route add 224.0.0.0/4 dev lo`); IPv6
 * link-local groups, and IP_MULTICAST_LOOP, over a veth pair (Linux's loopback carries no IPv6 multicast,
 * and loops back whatever is sent on it). The namespace is
 * fresh, so fixed ports are free. Prints one line per case; exits 0 when every case held.
 */
import { execFileSync } from "node:child_process";
import * as zmq from "zeromq/draft.js";
import { Datagram, Dish, Radio } from "../../../src/draft.js";
import { untilHeard } from "../../helpers/udp-probe.js";
import { refWithin, run } from "../../helpers/namespace-program.js";

function within<T>(promise: Promise<T>, label: string, ms = 10_000): Promise<T> {
  return refWithin(promise, label, ms);
}

/**
 * Waits (bounded) until v0 is operationally up (the kernel sets the carrier of a veth pair a moment after
 * both ends are up) and has its IPv6 link-local address: only then does it carry multicast.
 */
async function vethReady(): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Not /sys/class/net: sysfs still shows the namespace this one was made from.
    const up = execFileSync("ip", ["-o", "link", "show", "dev", "v0"], { encoding: "utf8" }).includes("state UP");
    const linkLocal = execFileSync("ip", ["-6", "-o", "addr", "show", "dev", "v0", "scope", "link"], { encoding: "utf8" }).includes("fe80");
    if (up && linkLocal) return;
    if (Date.now() > deadline) throw new Error(`v0 not ready: operstate up ${up}, link-local address ${linkLocal}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** zeromq.js's Dish.join calls the native method unbound (a no-op): call libzmq's join through the prototype. */
function libzmqJoin(dish: zmq.Dish, group: string): void {
  const native = Object.getPrototypeOf(zmq.Dish.prototype) as { join: (this: zmq.Dish, ...groups: string[]) => void };
  native.join.call(dish, group);
}

async function text(dish: Dish | zmq.Dish, label: string): Promise<string> {
  const [body, { group }] = await within(dish.receive(), label);
  return `${group.toString()}:${body.toString()}`;
}

run("ip", "link", "set", "lo", "up");
run("ip", "route", "add", "224.0.0.0/4", "dev", "lo", "src", "127.0.0.1");
// A veth pair (no DAD, so its IPv6 link-local addresses are there at once), v0 with an IPv4 address too.
run("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
run("ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1");
run("ip", "addr", "add", "10.9.0.1/24", "dev", "v0");
run("ip", "link", "set", "v0", "up");
run("ip", "link", "set", "v1", "up");
await vethReady();

// Two zmtp DISHes on one group and port (SO_REUSEADDR), the interface named and given as an address.
{
  const a = new Dish({ linger: 0 });
  const b = new Dish({ linger: 0 });
  a.join("g");
  b.join("g");
  await a.bind("udp://lo;239.1.1.1:5555");
  await b.bind("udp://127.0.0.1;239.1.1.1:5555");
  const radio = new Radio({ linger: 0 });
  radio.connect("udp://lo;239.1.1.1:5555");
  await radio.send("not joined", { group: "other" });
  await radio.send("hello", { group: "g" });
  console.log(`two dishes: ${await text(a, "dish a")}, ${await text(b, "dish b")}; a's endpoint ${a.lastEndpoint}`);
  radio.close();
  a.close();
  b.close();
}

// multicastLoop false: this host's members hear nothing of that RADIO. On the loopback a datagram sent
// comes back in as a received one whatever the option, so this goes out of v0 to its veth peer (where
// nobody joined): the DISH on v0 hears only what the looping RADIO sends after it.
{
  const dish = new Dish({ linger: 0 });
  dish.join("g");
  await dish.bind("udp://10.9.0.1;239.1.1.5:5555");
  const quiet = new Radio({ linger: 0, multicastLoop: false, multicastHops: 2 });
  const connected = new Promise<void>((resolve) => {
    quiet.events.on("connect", () => {
      resolve();
    });
  });
  quiet.connect("udp://10.9.0.1;239.1.1.5:5555");
  await quiet.send("unlooped", { group: "g" });
  await within(connected, "the quiet radio's socket");
  const loud = new Radio({ linger: 0 });
  loud.connect("udp://v0;239.1.1.5:5555");
  await loud.send("looped", { group: "g" });
  console.log(`multicastLoop false: first heard ${await text(dish, "the looped message")}`);
  quiet.close();
  loud.close();
  dish.close();
}

// zmtp RADIO → libzmq DISH over a group.
{
  const dish = new zmq.Dish({ linger: 0 });
  libzmqJoin(dish, "weather");
  libzmqJoin(dish, "probe");
  await dish.bind("udp://239.1.1.2:5556");
  const radio = new Radio({ linger: 0 });
  radio.connect("udp://239.1.1.2:5556");
  // libzmq opens its udp socket after bind() returns: probe until it listens (test/helpers/udp-probe.ts).
  await untilHeard(
    (probe) => radio.send(probe, { group: "probe" }),
    async () => (await within(dish.receive(), "a probe at libzmq's dish"))[0].toString(),
  );
  await radio.send("sunny", { group: "weather" });
  console.log(`libzmq dish: ${await text(dish, "libzmq's dish")}`);
  radio.close();
  dish.close();
}

// libzmq RADIO → zmtp DISH over a group.
{
  const dish = new Dish({ linger: 0 });
  dish.join("weather");
  await dish.bind("udp://239.1.1.3:5557");
  const radio = new zmq.Radio({ linger: 0 });
  radio.connect("udp://239.1.1.3:5557");
  await radio.send("rainy", { group: "weather" });
  console.log(`zmtp dish from libzmq: ${await text(dish, "zmtp's dish")}`);
  radio.close();
  dish.close();
}

// DGRAM: a member of a group hears a datagram sent to the group and answers its sender.
{
  const member = new Datagram({ linger: 0 });
  await member.bind("udp://239.1.1.4:5558");
  const sender = new Datagram({ linger: 0 });
  await sender.bind("udp://127.0.0.1:*");
  await sender.send(["239.1.1.4:5558", "to the group"]);
  const [from, body] = await within(member.receive(), "the group's datagram");
  await member.send([from, `re: ${body.toString()}`]);
  const [, reply] = await within(sender.receive(), "the reply");
  console.log(`dgram group: ${body.toString()} / ${reply.toString()}`);
  member.close();
  sender.close();
}

// IPv6: a link-local group on the veth, zmtp and libzmq.
{
  const dish = new Dish({ linger: 0 });
  dish.join("six");
  await dish.bind("udp://v0;[ff02::1:5]:5559");
  const radio = new Radio({ linger: 0 });
  radio.connect("udp://v0;[ff02::1:5]:5559");
  await radio.send("zmtp", { group: "six" });
  const first = await text(dish, "zmtp's IPv6 message");
  const libzmqRadio = new zmq.Radio({ linger: 0, ipv6: true });
  libzmqRadio.connect("udp://v0;[ff02::1:5]:5559");
  await libzmqRadio.send("libzmq", { group: "six" });
  console.log(`ipv6 group: ${first}, ${await text(dish, "libzmq's IPv6 message")}`);
  libzmqRadio.close();
  radio.close();
  dish.close();
}
console.log("all multicast cases done");
