/**
 * Identity check (the guide's identity, chapter 3): two REQ sockets send to one ROUTER over inproc, and the
 * ROUTER's messages are dumped frame by frame. The first REQ has no identity, so the ROUTER makes one up (5
 * bytes, binary); the second sets its routing id to "PEER2", and the ROUTER uses that.
 *
 *   npx tsx examples/chapter3/identity.ts
 *
 * Shows the envelope a ROUTER sees: [routing id][empty delimiter][body]. Ends after the two dumps.
 */
import { Request, Router } from "../../src/index.js";

/** The guide's s_dump(): each frame with its size, as text if it is printable, else as hex. */
function dump(message: Buffer[]): void {
  console.log("----------------------------------------");
  for (const frame of message) {
    const isText = frame.every((byte) => byte >= 32 && byte <= 126);
    const data = isText ? frame.toString("latin1") : frame.toString("hex").toUpperCase();
    console.log(`[${String(frame.length).padStart(3, "0")}] ${data}`);
  }
}

const sink = new Router();
await sink.bind("inproc://example");

//  First allow 0MQ to set the identity
const anonymous = new Request();
anonymous.connect("inproc://example");
await anonymous.send("ROUTER uses a generated 5 byte identity");
dump(await sink.receive());

//  Then set the identity ourselves
const identified = new Request({ routingId: "PEER2" });
identified.connect("inproc://example");
await identified.send("ROUTER socket uses REQ's socket identity");
dump(await sink.receive());

sink.close();
anonymous.close();
identified.close();
