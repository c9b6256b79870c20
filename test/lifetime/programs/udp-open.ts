/**
 * udp endpoints left open: a DISH and a DGRAM bound, a RADIO connected (by host name, so a DNS lookup ran),
 * each having carried a datagram. Never closed: the process must exit on its own.
 */
import { Datagram, Dish, Radio } from "../../../src/draft.js";

const dish = new Dish();
dish.join("g");
await dish.bind("udp://127.0.0.1:*");
const radio = new Radio();
radio.connect(dish.lastEndpoint!.replace("127.0.0.1", "localhost"));
await radio.send("over udp", { group: "g" });
const [body] = await dish.receive();
const datagram = new Datagram();
await datagram.bind("udp://127.0.0.1:*");
await datagram.send([datagram.lastEndpoint!.slice("udp://".length), "to myself"]);
const [, echo] = await datagram.receive();
console.log(`udp open: ${body.toString()}, ${echo.toString()}`);
