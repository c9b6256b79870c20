/**
 * The page's script: a Dealer and a Subscriber over ws://, bundled for the browser (server.ts does it with
 * esbuild; in your own app, `import { Dealer, Subscriber } from "zmtp"` and any bundler picks zmtp's browser
 * build). It talks to the server it came from, and, if the address says so (`?libzmqRouter=…&libzmqPub=…`),
 * to any other ZeroMQ endpoint over ws://, libzmq's included.
 */
import { Dealer, Subscriber } from "../../src/index.js";

interface Target {
  name: string;
  router: string;
  pub: string;
}

/** What the page found, for people (the #log) and for test/browser/chromium.test.ts (window.zmtpDone). */
interface Outcome {
  ok: boolean;
  log: string[];
}

const log: string[] = [];
function say(line: string): void {
  log.push(line);
  const pre = (globalThis as { document?: { getElementById(id: string): { textContent: string } | null } }).document?.getElementById("log");
  if (pre) pre.textContent = log.join("\n");
}

const text = (frames: Uint8Array[]): string => frames.map((f) => new TextDecoder().decode(f)).join("|");

async function talk(target: Target): Promise<void> {
  // DEALER ↔ ROUTER: a multipart message, then a 100 KB frame, each echoed back by the server's ROUTER.
  const dealer = new Dealer({ receiveTimeout: 5000, sendTimeout: 5000 });
  dealer.connect(target.router);
  await dealer.send(["hello", "", "from the page"]);
  say(`${target.name} ROUTER echoed: ${text(await dealer.receive())}`);
  const big = new Uint8Array(100 * 1024).map((_, i) => (i * 31 + 7) & 0xff);
  await dealer.send(big);
  const [back] = await dealer.receive();
  const same = back !== undefined && back.length === big.length && back.every((b, i) => b === big[i]);
  say(`${target.name} ROUTER echoed ${back?.length ?? 0} bytes: ${same ? "identical" : "DIFFERENT"}`);
  if (!same) throw new Error(`${target.name}: the 100 KB frame came back changed`);
  dealer.close();

  // SUB ← PUB with a filter: the server publishes "weather" and "news"; only "news" may arrive.
  const subscriber = new Subscriber({ receiveTimeout: 5000 });
  subscriber.subscribe("news");
  subscriber.connect(target.pub);
  for (let i = 0; i < 3; i++) {
    const [topic, body] = await subscriber.receive();
    const line = `${text([topic!])}: ${text([body!])}`;
    say(`${target.name} SUB got ${line}`);
    if (text([topic!]) !== "news") throw new Error(`${target.name}: the filter let through ${line}`);
  }
  subscriber.close();
}

async function main(): Promise<Outcome> {
  const params = new URLSearchParams(location.search);
  const here = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}`;
  const targets: Target[] = [{ name: "zmtp", router: `${here}/zmq/router`, pub: `${here}/zmq/pub` }];
  const libzmqRouter = params.get("libzmqRouter");
  const libzmqPub = params.get("libzmqPub");
  if (libzmqRouter !== null && libzmqPub !== null) targets.push({ name: "libzmq", router: libzmqRouter, pub: libzmqPub });
  try {
    for (const target of targets) await talk(target);
    say("all done");
    return { ok: true, log };
  } catch (err) {
    say(`failed: ${String(err)}`);
    return { ok: false, log };
  }
}

declare const location: { search: string; host: string; protocol: string };
(globalThis as { zmtpDone?: Promise<Outcome> }).zmtpDone = main();
