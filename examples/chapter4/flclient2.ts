/**
 * Freelance client, model two (the guide's flclient2, chapter 4): the "brutal shotgun massacre". A DEALER
 * connected to every server given as an argument sends each request to all of them at once (one copy per
 * server: the DEALER deals them out), numbered, and takes the first reply with the right number; if none
 * comes within 2.5 seconds the service is taken for dead. It sends 10,000 requests and prints their
 * average round trip.
 *
 *   npx tsx examples/chapter4/flclient2.ts tcp://localhost:5555 tcp://localhost:5556
 *
 * Pairs with flserver2.ts. REQUESTS sets the number of requests. Ends after the last reply, or when a
 * request gets none.
 */
import { Dealer, ZmqError } from "../../src/index.js";

//  If not a single service replies within this time, give up
const GLOBAL_TIMEOUT = 2500;

/**
 * The guide's flclient class: a DEALER socket that talks to the servers, how many servers it is connected
 * to, and a request sequence number.
 */
class FreelanceClient {
  private readonly socket = new Dealer(); //  DEALER socket talking to servers
  private servers = 0; //  How many servers we have connected to
  private sequence = 0; //  Number of requests ever sent

  //  Connect to new server endpoint
  connect(endpoint: string): void {
    this.socket.connect(endpoint);
    this.servers++;
  }

  /**
   * Sends a request to all connected servers in parallel (for this to work, all connections must be
   * successful and completed by this time), then waits for a single successful reply and returns it; any
   * other replies are just dropped. Null if no reply came in time.
   */
  async request(request: string[]): Promise<Buffer[] | null> {
    //  Prefix request with sequence number and empty envelope
    const sequence = ++this.sequence;
    const message = ["", String(sequence), ...request];

    //  Blast the request to all connected servers
    for (let server = 0; server < this.servers; server++) await this.socket.send(message);

    //  Wait for a matching reply to arrive from anywhere. Since we can wait several times, calculate each
    //  wait's timeout.
    const endtime = Date.now() + GLOBAL_TIMEOUT;
    while (Date.now() < endtime) {
      this.socket.receiveTimeout = Math.max(1, endtime - Date.now());
      let reply: Buffer[];
      try {
        reply = await this.socket.receive();
      } catch (err) {
        if (err instanceof ZmqError && err.code === "EAGAIN") break;
        throw err;
      }
      //  Reply is [empty][sequence][OK]
      const [_empty, replySequence, ...body] = reply;
      if (Number(String(replySequence)) === sequence) return body;
    }
    return null;
  }

  close(): void {
    this.socket.linger = 0; //  As CZMQ closes it: copies of requests still queued are dropped
    this.socket.close();
  }
}

const endpoints = process.argv.slice(2);
if (endpoints.length === 0) {
  console.log("I: syntax: flclient2 <endpoint> ...");
} else {
  //  Create new freelance client object, connected to each endpoint
  const client = new FreelanceClient();
  for (const endpoint of endpoints) client.connect(endpoint);

  //  Send a bunch of name resolution 'requests', measure time
  const requests = Number(process.env.REQUESTS ?? 10_000);
  const start = Date.now();
  for (let done = 0; done < requests; done++) {
    const reply = await client.request(["random name"]);
    if (reply === null) {
      console.log("E: name service not available, aborting");
      break;
    }
  }
  console.log(`Average round trip cost: ${Math.round(((Date.now() - start) * 1000) / requests)} usec`);
  client.close();
}
