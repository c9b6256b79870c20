/**
 * Majordomo Protocol worker example (the guide's mdworker, chapter 4): an "echo" service, all of MDP hidden
 * in the mdwrkapi class. It connects to the broker at tcp://localhost:5555 and returns each request as its
 * reply.
 *
 *   npx tsx examples/chapter4/mdworker.ts [-v]
 *
 * -v traces every message. Pairs with mdbroker.ts (or any language's Majordomo broker). BROKER_ENDPOINT
 * moves the endpoint; HEARTBEAT_MS sets the heartbeat (default 2500; give the broker the same);
 * RECONNECT_MS the wait before reconnecting to a silent broker (default 2500). Runs until Ctrl-C (SIGINT)
 * or SIGTERM.
 */
import { MajordomoWorker } from "./mdwrkapi.js";

const verbose = process.argv[2] === "-v";
const session = new MajordomoWorker(process.env.BROKER_ENDPOINT ?? "tcp://localhost:5555", "echo", verbose);
session.heartbeat = Number(process.env.HEARTBEAT_MS ?? 2500);
session.reconnect = Number(process.env.RECONNECT_MS ?? 2500);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    session.close();
  });
}

let reply: Buffer[] | null = null;
for (;;) {
  const request = await session.recv(reply);
  if (request === null) break; //  Worker was interrupted
  reply = request; //  Echo is complex... :-)
}
