import { Pull, Push } from "../../src/index.js";

// zeromq.js allows one pending receive() per socket (a second throws EBUSY); zmtp takes any number and
// serves them in call order.
const pull = new Pull();
await pull.bind("inproc://no-ebusy");
const push = new Push();
push.connect("inproc://no-ebusy");

const first = pull.receive();
const second = pull.receive(); // zeromq.js: EBUSY
await push.send("one");
await push.send("two");
console.log(`${(await first).toString()} ${(await second).toString()}`);

await push.closeAndWait(); // zmtp's addition: settles once every connection is gone
await pull.closeAndWait();
