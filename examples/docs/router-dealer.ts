import { Dealer, Router } from "../../src/index.js";

// ROUTER prefixes each message with the sender's routing id and routes replies by it; DEALERs talk to it
// asynchronously: any number of requests in flight, replies in any order (RFC 28).
const router = new Router();
await router.bind("ipc://*"); // a fresh ipc path; ROUTER needs no reply order
void (async () => {
  for await (const [id, job] of router) {
    await router.send([id!, `${String(id)} did ${String(job)}`]);
  }
})();

const dealers = ["alice", "bob"].map((routingId) => {
  const dealer = new Dealer({ routingId }); // the id ROUTER knows it by (else one it makes up)
  dealer.connect(router.lastEndpoint!);
  return dealer;
});

for (const dealer of dealers) {
  await dealer.send("job 1");
  await dealer.send("job 2");
}
for (const dealer of dealers) {
  for (let i = 0; i < 2; i++) console.log((await dealer.receive()).toString());
}

for (const dealer of dealers) dealer.close();
router.close();
