/**
 * Majordomo Protocol client API, asynchronous (the guide's mdcliapi2, chapter 4): mdcliapi over a DEALER
 * socket instead of REQ, so `send()` returns as soon as the request is queued and any number of requests can
 * be in flight; `recv()` waits for the next reply. There are no retries: after a broker failure the
 * application would have to resend whatever is unanswered. Not a program: mdclient2 imports it.
 */
import assert from "node:assert";
import { Dealer, ZmqError } from "../../src/index.js";
import { MDPC_CLIENT } from "./mdp.js";
import { dump, log } from "./zhelpers.js";

export class MajordomoAsyncClient {
  /** Request timeout, msecs: how long recv() waits for a reply. */
  timeout = 2500;
  private readonly client = new Dealer(); //  Socket to broker
  private closed = false;

  constructor(
    broker: string,
    private readonly verbose = false,
  ) {
    this.client.connect(broker);
    if (this.verbose) log(`I: connecting to broker at ${broker}...`);
  }

  /**
   * Sends a request to a service, without waiting for the reply. Since we're using a DEALER socket we have
   * to send an empty frame at the start, to create the same envelope that the REQ socket would normally
   * make for us.
   */
  async send(service: string, request: readonly (string | Buffer)[]): Promise<void> {
    //  Prefix request with protocol frames
    //  Frame 0: empty (REQ emulation)
    //  Frame 1: "MDPCxy" (six bytes, MDP/Client x.y)
    //  Frame 2: Service name (printable string)
    const frames = ["", MDPC_CLIENT, service, ...request].map((frame) => Buffer.from(frame));
    if (this.verbose) {
      log(`I: send request to '${service}' service:`);
      dump(frames);
    }
    await this.client.send(frames);
  }

  /**
   * Waits for a reply and returns its body; null if none came within `timeout`, or if the client was
   * closed meanwhile. It does not try to recover from a broker failure: that is not possible without
   * storing all unanswered requests and resending them all.
   */
  async recv(): Promise<Buffer[] | null> {
    this.client.receiveTimeout = this.timeout; //  The C's zmq_poll() timeout
    let reply: Buffer[] | undefined;
    try {
      reply = await this.client.receive();
    } catch (err) {
      if (!this.closed && !(err instanceof ZmqError && err.code === "EAGAIN")) throw err;
    }
    //  If we got a reply, process it
    if (reply !== undefined) {
      if (this.verbose) {
        log("I: received reply:");
        dump(reply);
      }
      //  Don't try to handle errors, just assert noisily
      assert(reply.length >= 4, "a reply has an empty delimiter, a header, a service name and a body");
      const [empty, header, _service, ...body] = reply;
      assert(empty!.length === 0, "an empty delimiter");
      assert(String(header) === MDPC_CLIENT, `the reply's header is ${MDPC_CLIENT}`);
      return body; //  Success
    }
    if (this.closed) console.log("W: interrupt received, killing client...");
    else if (this.verbose) log("W: permanent error, abandoning request");
    return null;
  }

  /** Closes the session; a recv() waiting for a reply then returns null. */
  close(): void {
    this.closed = true;
    //  linger 0, as CZMQ closes its sockets: requests not yet sent are dropped
    this.client.linger = 0;
    this.client.close();
  }
}
