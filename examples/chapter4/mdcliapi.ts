/**
 * Majordomo Protocol client API (the guide's mdcliapi, chapter 4): the client side of MDP/0.1 (RFC 7) as
 * a class. `send()` sends a request to a service through the broker and waits for the reply, retrying on a
 * new socket when none comes in time, as the Lazy Pirate client does. Not a program: mdclient, mmiecho,
 * ticlient and titanic import it.
 */
import assert from "node:assert";
import { Request, ZmqError } from "../../src/index.js";
import { MDPC_CLIENT } from "./mdp.js";
import { dump, log } from "./zhelpers.js";

export class MajordomoClient {
  /** Request timeout, msecs. */
  timeout = 2500;
  /** Request retries: tries before we abandon. */
  retries = 3;
  private client: Request | undefined; //  Socket to broker
  private closed = false;

  constructor(
    private readonly broker: string,
    private readonly verbose = false,
  ) {
    this.connectToBroker();
  }

  //  Connect or reconnect to broker
  private connectToBroker(): Request {
    this.dropSocket();
    const client = new Request();
    client.connect(this.broker);
    if (this.verbose) log(`I: connecting to broker at ${this.broker}...`);
    this.client = client;
    return client;
  }

  /**
   * Sends a request to a service and returns the reply's body, retrying as often as `retries` allows;
   * null if no reply came after that many attempts, or if the client was closed meanwhile.
   */
  async send(service: string, request: readonly (string | Buffer)[]): Promise<Buffer[] | null> {
    //  Prefix request with protocol frames
    //  Frame 1: "MDPCxy" (six bytes, MDP/Client x.y)
    //  Frame 2: Service name (printable string)
    const frames = [MDPC_CLIENT, service, ...request].map((frame) => Buffer.from(frame));
    if (this.verbose) {
      log(`I: send request to '${service}' service:`);
      dump(frames);
    }
    let retriesLeft = this.retries;
    while (retriesLeft > 0 && !this.closed) {
      const client = this.client ?? this.connectToBroker();
      client.receiveTimeout = this.timeout; //  The C's zmq_poll() timeout
      let reply: Buffer[] | undefined;
      try {
        await client.send(frames);
        reply = await client.receive();
      } catch (err) {
        if (this.closed) break; //  Interrupted
        if (!(err instanceof ZmqError && err.code === "EAGAIN")) throw err;
      }

      //  If we got a reply, process it
      if (reply !== undefined) {
        if (this.verbose) {
          log("I: received reply:");
          dump(reply);
        }
        //  We would handle malformed replies better in real code
        assert(reply.length >= 3, "a reply has a header, a service name and a body");
        const [header, replyService, ...body] = reply;
        assert(String(header) === MDPC_CLIENT, `the reply's header is ${MDPC_CLIENT}`);
        assert(String(replyService) === service, "the reply comes from the service asked");
        return body; //  Success
      } else if (--retriesLeft > 0) {
        if (this.verbose) log("W: no reply, reconnecting...");
        this.connectToBroker();
      } else {
        if (this.verbose) log("W: permanent error, abandoning");
        break; //  Give up
      }
    }
    if (this.closed) console.log("W: interrupt received, killing client...");
    return null;
  }

  /** Closes the session; a send() waiting for its reply then returns null. */
  close(): void {
    this.closed = true;
    this.dropSocket();
  }

  private dropSocket(): void {
    if (this.client === undefined) return;
    //  linger 0, as CZMQ closes its sockets: a request not yet sent is dropped
    this.client.linger = 0;
    this.client.close();
    this.client = undefined;
  }
}
