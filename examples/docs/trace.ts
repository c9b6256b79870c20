import { Pull, Push, traceFrames } from "../../src/index.js";

// The frame tracer: what each connection says on the wire. ZMTP_DEBUG=1 prints the same to stderr, for
// every connection, with no change to the program.
traceFrames((event) => {
  if (event.origin === "connect" && event.kind !== "closed") console.log(event.summary);
});

const pull = new Pull();
await pull.bind("tcp://127.0.0.1:*");
const push = new Push();
push.connect(pull.lastEndpoint!);
await push.send(["hello", Buffer.from([0, 1, 2])]);
await pull.receive();

traceFrames(false);
push.close();
pull.close();
