/**
 * The child process of bench/subscriptions.ts: a Publisher, zmtp's or zeromq.js's (libzmq 4.3.5), bound on
 * loopback. It reports its endpoint and memory, publishes a marker every few milliseconds once told to
 * (until the parent's raw subscriber has it: every subscription sent before it is then in force), and then
 * reports its memory again. Run with --expose-gc.
 */
import * as zmq from "zeromq";
import * as zmtp from "../src/index.js";

export interface MemoryReport {
  rss: number;
  /** V8 heap plus ArrayBuffers (zmtp keeps the trie's labels in one): what JavaScript holds. */
  js: number;
}

export type ChildMessage = { endpoint: string; before: MemoryReport } | { after: MemoryReport };

interface PublisherLike {
  bind(endpoint: string): Promise<void>;
  readonly lastEndpoint: string | null;
  send(message: string): Promise<void>;
}

function memory(): MemoryReport {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --expose-gc");
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, js: usage.heapUsed + usage.arrayBuffers };
}

async function main(): Promise<void> {
  const library = process.argv[2];
  const marker = process.argv[3] ?? "!sync";
  const pub: PublisherLike = library === "zmtp" ? new zmtp.Publisher({ linger: 0 }) : new zmq.Publisher({ linger: 0 });
  await pub.bind(library === "zmtp" ? "tcp://127.0.0.1:0" : "tcp://127.0.0.1:*");
  let publishing = false;
  process.on("message", (command: string) => {
    if (command === "publish") {
      publishing = true;
      void (async () => {
        while (publishing) {
          await pub.send(marker);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
    } else if (command === "stop") {
      publishing = false;
      setTimeout(() => {
        process.send!({ after: memory() } satisfies ChildMessage);
      }, 20);
    }
  });
  process.send!({ endpoint: pub.lastEndpoint!, before: memory() } satisfies ChildMessage);
}

void main();
