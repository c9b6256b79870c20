/**
 * A Dealer connected to argv[2], where a peer answers: one request and its reply, then the socket is left
 * open with its connection established. The process exits all the same.
 */
import { Dealer } from "../../../src/index.js";

const dealer = new Dealer();
dealer.connect(process.argv[2]!);
await dealer.send("hello");
const [reply] = await dealer.receive();
console.log(`connected: ${String(reply)}`);
