/**
 * A PULL for test/fault/peer-restart.test.ts (via ../child.ts), killed and started again on the same endpoint: argv[2] is
 * "libzmq" (zeromq.js) or "zmtp", argv[3] the endpoint to bind (`tcp://127.0.0.1:0` for an ephemeral
 * port). Prints `bound <endpoint>`, then `got <text>` for every message (its first frame), until killed.
 */
import * as zmq from "zeromq";
import * as zmtp from "../../../src/index.js";

const [impl = "libzmq", endpoint = "tcp://127.0.0.1:0"] = process.argv.slice(2);
const pull = impl === "zmtp" ? new zmtp.Pull() : new zmq.Pull();
await pull.bind(endpoint);
console.log(`bound ${pull.lastEndpoint}`);
for (;;) {
  const [first] = await pull.receive();
  console.log(`got ${String(first)}`);
}
