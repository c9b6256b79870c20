/**
 * A zmtp Pair with heartbeat options, for test/interop/heartbeat.test.ts: argv[2] is "bind" (binds an
 * ephemeral tcp port and prints `bound <endpoint>`) or an endpoint to connect to; argv[3] is "hold" (a
 * receive() stays pending, so the process lives until it is killed, or frozen with SIGSTOP) or "leave"
 * (nothing waits: with heartbeats running the process must still exit on its own); argv[4] is the socket's
 * options as JSON. Prints `handshake` once a peer's handshake is done.
 */
import { Pair } from "../../../src/index.js";

const [where = "bind", mode = "hold", options = "{}"] = process.argv.slice(2);
const pair = new Pair(JSON.parse(options) as Record<string, number>);
// "leave": a timer of ours holds the process until the handshake; from then on only zmtp's timers run.
const holdUntilHandshake = mode === "leave" ? setInterval(() => undefined, 1000) : undefined;
pair.events.on("handshake", () => {
  clearInterval(holdUntilHandshake);
  console.log("handshake");
});
if (where === "bind") {
  await pair.bind("tcp://127.0.0.1:0");
  console.log(`bound ${pair.lastEndpoint}`);
} else {
  pair.connect(where);
}
if (mode === "hold") {
  const [message] = await pair.receive();
  console.log(`got ${String(message)}`);
}
