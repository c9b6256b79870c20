/**
 * The PUSH end of a throughput run in a process of its own (`senderProcess` jobs): connects to the PULL's
 * endpoint and sends until it is killed. It answers each "cpu" message from its parent with its CPU time so
 * far, so that the parent counts both processes' CPU over the timed window.
 *
 *   fork("remote-sender.ts", [library, endpoint, size, batch ? "batch" : "plain"])
 */
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";

const [library, endpoint, sizeText, mode] = process.argv.slice(2);
const body = Buffer.alloc(Number(sizeText), 0x61);
const BATCH = 1024;

process.on("message", (message) => {
  if (message === "cpu") process.send?.(process.cpuUsage());
});
process.on("disconnect", () => process.exit(0));

if (library === "zmtp") {
  const push = new zmtp.Push({ linger: 0 });
  push.connect(endpoint!);
  if (mode === "batch") {
    const batch = new Array<Buffer>(BATCH).fill(body);
    for (;;) await push.sendMany(batch);
  } else {
    for (;;) await push.send(body);
  }
} else {
  const push = new zmq.Push({ linger: 0 });
  push.connect(endpoint!);
  for (;;) await push.send(body);
}
