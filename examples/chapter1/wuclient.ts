/**
 * Weather update client (the guide's wuclient, chapter 1): a SUB socket connected to tcp://localhost:5556
 * subscribes to one zipcode, collects 100 updates and prints their average temperature.
 *
 *   npx tsx examples/chapter1/wuclient.ts [zipcode]
 *
 * The subscription is the first argument, else "10001 " (New York City) as in the guide; it is a prefix, so
 * a shorter one such as "10" matches more updates and ends sooner. Pairs with wuserver.ts (or wuproxy.ts,
 * chapter 2). WEATHER_ENDPOINT moves the endpoint.
 */
import { Subscriber } from "../../src/index.js";

const endpoint = process.env.WEATHER_ENDPOINT ?? "tcp://localhost:5556";
const filter = process.argv[2] ?? "10001 ";

//  Socket to talk to server
console.log("Collecting updates from weather server...");
const subscriber = new Subscriber();
subscriber.connect(endpoint);
subscriber.subscribe(filter);

//  Process 100 updates
const updates = 100;
let totalTemp = 0;
for (let updateNbr = 0; updateNbr < updates; updateNbr++) {
  const [update] = await subscriber.receive();
  const [, temperature] = String(update).split(" ").map(Number);
  totalTemp += temperature ?? 0;
}
console.log(`Average temperature for zipcode '${filter}' was ${Math.trunc(totalTemp / updates)}F`);
subscriber.close();
