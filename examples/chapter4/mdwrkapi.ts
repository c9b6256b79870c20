/**
 * Majordomo Protocol worker API (the guide's mdwrkapi, chapter 4): the worker side of MDP/0.1 (RFC 7) as a
 * class. It registers a service with the broker, and `recv()` sends the previous reply (if any) and waits
 * for the next request, heartbeating the broker meanwhile and reconnecting when the broker goes silent or
 * tells it to. Not a program: mdworker and titanic import it.
 */
import assert from "node:assert";
import { setTimeout as sleep } from "node:timers/promises";
import { Dealer, ZmqError } from "../../src/index.js";
import { commandName, MDPW_DISCONNECT, MDPW_HEARTBEAT, MDPW_READY, MDPW_REPLY, MDPW_REQUEST, MDPW_WORKER } from "./mdp.js";
import { dump, log } from "./zhelpers.js";

//  Reliability parameters
const HEARTBEAT_LIVENESS = 3; //  3-5 is reasonable

export class MajordomoWorker {
  /** Heartbeat delay, msecs. */
  heartbeat = 2500;
  /** Reconnect delay, msecs. */
  reconnect = 2500;
  private worker: Dealer | undefined; //  Socket to broker
  private heartbeatAt = 0; //  When to send HEARTBEAT
  private liveness = 0; //  How many attempts left
  private expectReply = false; //  False only at start
  private replyTo: Buffer | undefined; //  Return identity, if any
  private closed = false;
  private readonly abandon = new AbortController(); //  Cuts a reconnect delay short on close()

  constructor(
    private readonly broker: string,
    private readonly service: string,
    private readonly verbose = false,
  ) {}

  //  Sends a message to the broker, with the protocol envelope in front
  private async sendToBroker(command: string, option?: string, message: readonly Buffer[] = []): Promise<void> {
    const frames: Buffer[] = [Buffer.alloc(0), Buffer.from(MDPW_WORKER), Buffer.from(command)];
    if (option !== undefined) frames.push(Buffer.from(option));
    frames.push(...message);
    if (this.verbose) {
      log(`I: sending ${commandName(command)} to broker`);
      dump(frames);
    }
    await this.worker!.send(frames);
  }

  //  Connect or reconnect to broker
  private async connectToBroker(): Promise<void> {
    this.dropSocket();
    this.worker = new Dealer();
    this.worker.connect(this.broker);
    if (this.verbose) log(`I: connecting to broker at ${this.broker}...`);

    //  Register service with broker
    await this.sendToBroker(MDPW_READY, this.service);

    //  If liveness hits zero, queue is considered disconnected
    this.liveness = HEARTBEAT_LIVENESS;
    this.heartbeatAt = Date.now() + this.heartbeat;
  }

  /**
   * Sends the reply to the last request, if there is one, to the broker and waits for the next request:
   * returns its body, or null once the worker is closed. (The first call connects and registers.)
   */
  async recv(reply: Buffer[] | null): Promise<Buffer[] | null> {
    try {
      const request = await this.exchange(reply);
      if (request !== null) return request;
    } catch (err) {
      if (!this.closed) throw err; //  A send or receive cut short by close() fails; that is expected then
    }
    if (this.closed) console.log("W: interrupt received, killing worker...");
    return null;
  }

  private async exchange(reply: Buffer[] | null): Promise<Buffer[] | null> {
    if (this.closed) return null;
    if (this.worker === undefined) await this.connectToBroker();
    //  Format and send the reply if we were provided one
    assert(reply !== null || !this.expectReply, "a reply to the last request");
    if (reply !== null) {
      assert(this.replyTo !== undefined);
      await this.sendToBroker(MDPW_REPLY, undefined, [this.replyTo, Buffer.alloc(0), ...reply]);
    }
    this.expectReply = true;

    while (!this.closed) {
      const worker = this.worker!;
      worker.receiveTimeout = this.heartbeat; //  The C's zmq_poll() timeout
      let message: Buffer[] | undefined;
      try {
        message = await worker.receive();
      } catch (err) {
        if (this.closed) break; //  Interrupted
        if (!(err instanceof ZmqError && err.code === "EAGAIN")) throw err;
      }

      if (message !== undefined) {
        if (this.verbose) {
          log("I: received message from broker:");
          dump(message);
        }
        this.liveness = HEARTBEAT_LIVENESS;

        //  Don't try to handle errors, just assert noisily
        assert(message.length >= 3, "a message from the broker has an envelope and a command");
        const [empty, header, command, ...body] = message;
        assert(empty!.length === 0, "an empty delimiter");
        assert(String(header) === MDPW_WORKER, `the header is ${MDPW_WORKER}`);

        switch (String(command)) {
          case MDPW_REQUEST: {
            //  We should pop and save as many addresses as there are up to a null part, but for now,
            //  just save one...
            const [replyTo, ...rest] = body;
            this.replyTo = replyTo;
            if (rest[0]?.length === 0) rest.shift();
            return rest; //  We have a request to process
          }
          case MDPW_HEARTBEAT:
            break; //  Do nothing for heartbeats
          case MDPW_DISCONNECT:
            await this.connectToBroker();
            break;
          default:
            log("E: invalid input message");
            dump(message);
        }
      } else if (--this.liveness === 0) {
        if (this.verbose) log("W: disconnected from broker - retrying...");
        try {
          await sleep(this.reconnect, undefined, { signal: this.abandon.signal });
        } catch {
          break; //  Interrupted
        }
        await this.connectToBroker();
      }
      //  Send HEARTBEAT if it's time
      if (Date.now() > this.heartbeatAt) {
        await this.sendToBroker(MDPW_HEARTBEAT);
        this.heartbeatAt = Date.now() + this.heartbeat;
      }
    }
    return null;
  }

  /** Closes the session; a recv() waiting for a request then returns null. */
  close(): void {
    this.closed = true;
    this.abandon.abort();
    this.dropSocket();
  }

  private dropSocket(): void {
    if (this.worker === undefined) return;
    //  linger 0, as CZMQ closes its sockets: what is not yet sent is dropped
    this.worker.linger = 0;
    this.worker.close();
  }
}
