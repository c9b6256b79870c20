import { Reply, Request } from "../../src/index.js";

// REP answers each request in turn; REQ sends one request, then must receive its reply (RFC 28).
const server = new Reply();
await server.bind("tcp://127.0.0.1:*");
void (async () => {
  for await (const [question] of server) {
    await server.send(`${String(question).toUpperCase()}!`);
  }
})();

const client = new Request({ receiveTimeout: 5000 }); // EAGAIN if no reply within 5 s
client.connect(server.lastEndpoint!);
for (const word of ["hello", "world"]) {
  await client.send(word);
  const [answer] = await client.receive();
  console.log(`${word} -> ${String(answer)}`);
}

// Out of turn is an error at once, as with libzmq: a second send before the reply.
await client.send("one");
await client.send("two").catch((error: unknown) => {
  console.log(`second send: ${(error as { code: string }).code}`);
});
await client.receive();

client.close();
server.close();
