/**
 * The raw-Node ceilings the bench prints beside zmtp: what plain Node does with the same API shape (one
 * promise per send and per receive) and no ZeroMQ at all.
 *  - tcp throughput: RawSender → RawReceiver (raw-framing.ts) over node:net, the receiver on the same end as
 *    the other implementations' PULL: on the accepted end (the PULL binds) Node hands it 'data' chunks and a
 *    large body is copied out of them; on the dialing end it reads large bodies straight into their own
 *    buffers (`onread`), which Node offers only on sockets it dials.
 *  - inproc: a bounded in-memory queue with one await per send and per receive.
 *  - round trip: a node:net ping-pong, the echo written back from the 'data' handler, the requester awaiting
 *    one promise per reply.
 */
import net from "node:net";
import type { Result, RoundTripJob, ThroughputJob } from "../lib/job.js";
import { measureRoundTrips, measureThroughput, type Receiver, type Sender } from "../lib/measure.js";
import { RawReceiver, RawSender } from "./raw-framing.js";

function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer({ noDelay: true }, onConnection);
  return new Promise((resolve) => {
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

async function tcpThroughput(job: ThroughputJob): Promise<Result> {
  let accepted: (socket: net.Socket) => void = () => undefined;
  const acceptedSocket = new Promise<net.Socket>((resolve) => (accepted = resolve));
  const port = await listen((socket) => {
    accepted(socket);
  });
  const receiver = new RawReceiver();
  const dialed = net.connect({ host: "127.0.0.1", port, noDelay: true, ...(job.pullBinds ? {} : { onread: receiver.onread }) });
  const other = await acceptedSocket;
  receiver.attach(job.pullBinds ? other : dialed);
  const sender = new RawSender(job.pullBinds ? dialed : other);
  return measureThroughput(sender, receiver, (message: Buffer) => message.length, job);
}

/** A queue bounded as a pipe is (1,000 messages), one await per send and per receive. */
class AwaitQueue implements Sender, Receiver<Buffer> {
  private readonly items: Buffer[] = [];
  private head = 0;
  private reader: ((message: Buffer) => void) | undefined;
  private writer: (() => void) | undefined;

  send(body: Buffer): Promise<void> {
    const reader = this.reader;
    if (reader !== undefined) {
      this.reader = undefined;
      reader(body);
      return Promise.resolve();
    }
    this.items.push(body);
    if (this.items.length - this.head < 1000) return Promise.resolve();
    return new Promise((resolve) => (this.writer = resolve));
  }

  receive(): Promise<Buffer> {
    if (this.head === this.items.length) return new Promise((resolve) => (this.reader = resolve));
    const message = this.items[this.head++]!;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
    const writer = this.writer;
    if (writer !== undefined && this.items.length - this.head < 500) {
      this.writer = undefined;
      writer();
    }
    return Promise.resolve(message);
  }
}

export function rawThroughput(job: ThroughputJob): Promise<Result> {
  if (job.transport === "tcp") return tcpThroughput(job);
  const queue = new AwaitQueue();
  return measureThroughput(queue, queue, (message: Buffer) => message.length, job);
}

export async function rawRoundTrip(job: RoundTripJob): Promise<Result> {
  const port = await listen((socket) => {
    socket.on("data", (chunk: Buffer) => socket.write(chunk));
  });
  const client = net.connect({ host: "127.0.0.1", port, noDelay: true });
  await new Promise((resolve) => client.once("connect", resolve));
  let received = 0;
  let expected = 0;
  let replied: ((size: number) => void) | undefined;
  client.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received >= expected && replied !== undefined) {
      const resolve = replied;
      replied = undefined;
      resolve(received);
    }
  });
  return measureRoundTrips((body) => {
    received = 0;
    expected = body.length;
    client.write(body);
    return new Promise((resolve) => (replied = resolve));
  }, job);
}
