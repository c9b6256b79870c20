/**
 * One side of an epgm exchange, run inside a network namespace by test/interop/epgm.test.ts and
 * bench/epgm.ts: ROLE=pub sends N messages (test/helpers/epgm-messages.ts) to EP and stays to repair
 * losses until killed; ROLE=sub receives from EP and prints what it saw once it has all N, or once nothing
 * came for IDLE_MS. BIND=1 binds (for epgm the same as connect), else connects and waits for the endpoint's
 * `connect` event. Prints "ready" once its sockets are open.
 */
import { Publisher, Subscriber } from "../../../src/index.js";
import { EpgmTally, epgmMessage } from "../../helpers/epgm-messages.js";

const role = process.env.ROLE;
const endpoint = process.env.EP ?? "";
const count = Number(process.env.N ?? 1000);
const rate = Number(process.env.RATE ?? 10_000);
const bind = process.env.BIND === "1";

async function open(socket: Publisher | Subscriber): Promise<void> {
  if (bind) {
    await socket.bind(endpoint);
    return;
  }
  const connected = new Promise<void>((resolve) => {
    socket.events.on("connect", () => {
      resolve();
    });
  });
  socket.connect(endpoint);
  await connected;
}

// zmtp's sockets never keep a process alive: this does, until the program exits or is killed.
const alive = setInterval(() => undefined, 1000);

if (role === "pub") {
  const pub = new Publisher({ rate, sendHighWaterMark: count + 1000, linger: 0 });
  await open(pub);
  console.log("ready");
  const started = performance.now();
  for (let i = 0; i < count; i++) await pub.send(epgmMessage(i));
  console.log(`sent ${count} in ${Math.round(performance.now() - started)} ms`);
} else {
  const sub = new Subscriber({ rate, receiveHighWaterMark: count + 1000 });
  sub.subscribe();
  await open(sub);
  console.log("ready");
  const tally = new EpgmTally();
  let started = 0;
  sub.receiveTimeout = Number(process.env.FIRST_WAIT_MS ?? 30_000);
  try {
    while (tally.last < count - 1) {
      const message = await sub.receive();
      if (started === 0) {
        started = performance.now();
        sub.receiveTimeout = Number(process.env.IDLE_MS ?? 5000);
      }
      tally.add(message);
    }
  } catch (err) {
    console.log(`stopped: ${(err as Error).message}`);
  }
  const ms = performance.now() - started;
  console.log(`result ${tally.toString()} ms ${Math.round(ms)}`);
  sub.close();
  clearInterval(alive);
  process.exit(0);
}
