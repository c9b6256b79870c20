import { Client, Dish, Radio, Server } from "../../src/draft.js";

// SERVER ⇄ CLIENT (RFC 41): single-frame messages; the server answers a client by its routing id.
const server = new Server();
await server.bind("tcp://127.0.0.1:*");
const client = new Client();
client.connect(server.lastEndpoint!);

await client.send("ping");
const [request, { routingId }] = await server.receive();
await server.send(`pong to ${String(request)}`, { routingId });
const [reply] = await client.receive();
console.log(String(reply));

// RADIO → DISH over udp (RFC 48): a dish receives the groups it joined, nothing else.
const dish = new Dish();
await dish.bind("udp://127.0.0.1:*");
dish.join("weather");
const radio = new Radio();
radio.connect(dish.lastEndpoint!);

// udp has no handshake and may lose datagrams: send until the first one arrives.
const first = dish.receive();
let arrived = false;
void first.then(() => (arrived = true));
while (!arrived) {
  await radio.send("jammed", { group: "traffic" }); // not joined: filtered out
  await radio.send("sunny", { group: "weather" });
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const [message, { group }] = await first;
console.log(`${String(group)}: ${String(message)}`);

for (const socket of [client, server, radio, dish]) socket.close();
