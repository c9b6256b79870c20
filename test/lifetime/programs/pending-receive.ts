/** A receive() waiting on a bound Pull that nobody feeds yet: the process stays until it is served. */
import { Pull } from "../../../src/index.js";

const pull = new Pull();
await pull.bind("tcp://127.0.0.1:0");
console.log(`bound ${pull.lastEndpoint}`);
const [message] = await pull.receive();
console.log(`got ${String(message)}`);
