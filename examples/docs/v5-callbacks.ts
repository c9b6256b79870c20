import * as zmq from "../../src/v5-compat/index.js";

// zeromq.js v5's callback API, unchanged but for the package name.
const pull = zmq.socket("pull");
pull.bindSync("inproc://v5-callbacks");
const push = zmq.socket("push");
push.connect("inproc://v5-callbacks");

let received = 0;
pull.on("message", (...frames: Buffer[]) => {
  console.log(frames.map(String).join(" "));
  if (++received === 2) {
    push.close();
    pull.close();
  }
});
push.send(["task", 1]);
push.send("task", zmq.ZMQ_SNDMORE);
push.send(2);
