/**
 * Runs inside a private network namespace (`unshare -n`, root) made by test/fault/partition.test.ts: a
 * zmtp PUSH and PULL with heartbeats over tcp on the namespace's own loopback, which this program cuts
 * (`ip link set lo down`) and heals. Prints one line per stage; exits 0 when every promise held.
 */
import { execFileSync } from "node:child_process";
import * as zmq from "zeromq";
import { Pull, Push, type Event } from "../../../src/index.js";

/** The events API both libraries share (zeromq.js's Observer and zmtp's). */
interface Observed {
  readonly events: { on(type: string, listener: (event: Event) => void): unknown; off(type: string, listener: (event: Event) => void): unknown };
}

/** HEARTBEATS=0 runs the control: with no heartbeats nothing notices the partition (DETECT_MS bounds the wait). */
const heartbeats = process.env.HEARTBEATS !== "0";
const HEARTBEAT = heartbeats ? { heartbeatInterval: 100, heartbeatTimeout: 400, reconnectInterval: 100 } : { reconnectInterval: 100 };
const DETECT_MS = Number(process.env.DETECT_MS ?? 10_000);

function run(command: string, ...args: string[]): void {
  execFileSync(command, args, { stdio: "inherit" });
}

function next(socket: Observed, type: Event["type"]): Promise<Event> {
  return new Promise((resolve) => {
    const listener = (event: Event): void => {
      socket.events.off(type, listener);
      resolve(event);
    };
    socket.events.on(type, listener);
  });
}

function within<T>(promise: Promise<T>, label: string, ms = 10_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      // Ref'd on purpose: zmtp's sockets never keep a process alive, so this wait does.
      setTimeout(() => {
        reject(new Error(`timed out waiting for ${label}`));
      }, ms);
    }),
  ]);
}

run("ip", "link", "set", "lo", "up");
// PEER=libzmq: the PULL on the other side is libzmq's (zeromq.js), with the same heartbeat options.
const pull = process.env.PEER === "libzmq" ? new zmq.Pull({ ...HEARTBEAT, linger: 0 }) : new Pull({ ...HEARTBEAT, linger: 0 });
await pull.bind("tcp://127.0.0.1:*");
const push = new Push({ ...HEARTBEAT, linger: 0 });
const connected = next(push, "handshake");
push.connect(pull.lastEndpoint!);
await within(connected, "the first handshake");
await push.send("before");
console.log(`received ${String((await within(pull.receive(), "the first message"))[0])}`);

// The partition: the namespace's loopback goes down, so no packet, FIN or RST reaches either side.
const pushLost = next(push, "disconnect");
const pullLost = next(pull as unknown as Observed, "disconnect");
run("ip", "link", "set", "lo", "down");
await within(Promise.all([pushLost, pullLost]), "both sides to notice the partition", DETECT_MS);
console.log("partition detected by both sides");

// What PUSH queues while cut off waits for the reconnect (PUSH promises delivery to a peer, in order).
for (let i = 1; i <= 5; i++) await push.send(`during ${i}`);
const reconnected = next(push, "handshake");
run("ip", "link", "set", "lo", "up");
await within(reconnected, "the reconnect", 20_000);
const got: string[] = [];
for (let i = 1; i <= 5; i++) got.push(String((await within(pull.receive(), `message ${i}`, 20_000))[0]));
console.log(`after healing: ${got.join(", ")}`);
push.close();
pull.close();
process.exit(0);
