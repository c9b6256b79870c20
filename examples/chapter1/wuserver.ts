/**
 * Weather update server (the guide's wuserver, chapter 1): a PUB socket bound to tcp://*:5556 publishes
 * random weather updates, "zipcode temperature relhumidity", as fast as it can.
 *
 *   npx tsx examples/chapter1/wuserver.ts
 *
 * Pairs with wuclient.ts (any number of them), msreader.ts and mspoller.ts, and wuproxy.ts (chapter 2).
 * WEATHER_ENDPOINT moves the endpoint. Runs until Ctrl-C (SIGINT) or SIGTERM.
 */
import { Publisher } from "../../src/index.js";

const endpoint = process.env.WEATHER_ENDPOINT ?? "tcp://*:5556";

/** The guide's randof(): a random integer from 0 to num - 1. */
const randof = (num: number): number => Math.floor(Math.random() * num);

//  Prepare our publisher
const publisher = new Publisher();
await publisher.bind(endpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    publisher.close();
  });
}

// A publisher never waits for its subscribers (it drops what a slow one cannot take), and zmtp lets other
// work run between sends in a loop like this one, so the signal handler above still gets its turn.
while (!publisher.closed) {
  //  Get values that will fool the boss
  const zipcode = randof(100000);
  const temperature = randof(215) - 80;
  const relhumidity = randof(50) + 10;

  //  Send message to all subscribers
  await publisher.send(`${String(zipcode).padStart(5, "0")} ${temperature} ${relhumidity}`);
}
