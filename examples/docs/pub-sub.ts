import { Publisher, Subscriber } from "../../src/index.js";

// PUB sends each message to the subscribers whose subscription is a prefix of its first frame (RFC 29).
const publisher = new Publisher();
await publisher.bind("tcp://127.0.0.1:*");

const subscriber = new Subscriber();
subscriber.connect(publisher.lastEndpoint!);
subscriber.subscribe("weather.");

// A subscription reaches the publisher once connected; until then PUB drops what it sends (the "slow
// joiner"). Here: publish until the first message arrives. In a real system, late messages are the norm.
const first = subscriber.receive();
let arrived = false;
void first.then(() => (arrived = true));
while (!arrived) {
  await publisher.send(["weather.paris", "sunny"]);
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const [topic, body] = await first;
console.log(`${String(topic)}: ${String(body)}`);

await publisher.send(["traffic.paris", "jammed"]); // filtered out: no subscriber has "traffic."
await publisher.send(["weather.oslo", "snow"]);
for (;;) {
  const [next, text] = await subscriber.receive();
  if (String(next) === "weather.oslo") {
    console.log(`${String(next)}: ${String(text)}`);
    break;
  }
}

subscriber.close();
publisher.close();
