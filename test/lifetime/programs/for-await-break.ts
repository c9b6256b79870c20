/** `for await … break`, then nothing: the Pull stays open and bound, and the process exits. */
import { Pull } from "../../../src/index.js";

const pull = new Pull();
await pull.bind("tcp://127.0.0.1:0");
console.log(`bound ${pull.lastEndpoint}`);
for await (const [message] of pull) {
  console.log(`got ${String(message)}`);
  break;
}
