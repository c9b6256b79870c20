import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Stream } from "../../src/index.js";

const sockets: Stream[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.closeAndWait()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function stream(): Stream {
  const socket = new Stream({ receiveTimeout: 5000, linger: 0 });
  sockets.push(socket);
  return socket;
}

function portOf(endpoint: string | null): number {
  return Number(endpoint!.slice(endpoint!.lastIndexOf(":") + 1));
}

/** A plain tcp client that records what it reads. */
class Client {
  readonly socket: net.Socket;
  private received = "";
  private waiters: (() => void)[] = [];
  readonly ended: Promise<void>;

  constructor(port: number) {
    this.socket = net.connect({ host: "127.0.0.1", port });
    this.socket.on("data", (chunk: Buffer) => {
      this.received += chunk.toString();
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.ended = new Promise((resolve) => {
      this.socket.once("close", () => {
        resolve();
      });
    });
    this.socket.on("error", () => {
      // A reset by the peer ends the test's expectations, not the process.
    });
    cleanups.push(() => {
      this.socket.destroy();
    });
  }

  /** Resolves with what was read once it is at least `length` characters. */
  async read(length: number): Promise<string> {
    while (this.received.length < length) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const text = this.received;
    this.received = "";
    return text;
  }
}

/** The next chunk a plain socket reads. */
function firstData(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once("data", (chunk: Buffer) => {
      resolve(chunk.toString());
    });
  });
}

/** Reads `[id, data]` messages from one connection until `length` bytes have come. */
async function receiveData(socket: Stream, id: Buffer, length: number): Promise<string> {
  let text = "";
  while (text.length < length) {
    const [from, data] = await socket.receive();
    expect(from!.equals(id)).toBe(true);
    expect(data!.length).toBeGreaterThan(0);
    text += data!.toString();
  }
  return text;
}

/** Expects the connection notification (or the disconnect one): `[id, <empty>]`. */
async function receiveNotification(socket: Stream): Promise<Buffer> {
  const message = await socket.receive();
  expect(message.length).toBe(2);
  expect(message[1]!.length).toBe(0);
  return message[0]!;
}

describe("Stream: bound, with plain tcp clients", () => {
  it("connect, data both ways, close by the socket", async () => {
    const server = stream();
    await server.bind("tcp://127.0.0.1:0");
    const client = new Client(portOf(server.lastEndpoint));

    const id = await receiveNotification(server);
    expect(id.length).toBe(5);
    expect(id[0]).toBe(0);

    client.socket.write("hello");
    expect(await receiveData(server, id, 5)).toBe("hello");

    await server.send([id, "world"]);
    expect(await client.read(5)).toBe("world");

    await server.send([id, ""]);
    await client.ended;
    // The id is gone at once.
    await expect(server.send([id, "too late"])).rejects.toMatchObject({ code: "EHOSTUNREACH" });
  });

  it("data queued before the close request is written before the connection ends", async () => {
    const server = stream();
    await server.bind("tcp://127.0.0.1:0");
    const client = new Client(portOf(server.lastEndpoint));
    const id = await receiveNotification(server);
    await server.send([id, "last "]);
    await server.send([id, "words"]);
    await server.send([id, ""]);
    expect(await client.read(10)).toBe("last words");
    await client.ended;
  });

  it("a client that disconnects is announced with [id, <empty>]", async () => {
    const server = stream();
    await server.bind("tcp://127.0.0.1:0");
    const client = new Client(portOf(server.lastEndpoint));
    const id = await receiveNotification(server);
    client.socket.write("bye");
    expect(await receiveData(server, id, 3)).toBe("bye");
    client.socket.end();
    expect((await receiveNotification(server)).equals(id)).toBe(true);
    await expect(server.send([id, "gone"])).rejects.toMatchObject({ code: "EHOSTUNREACH" });
  });

  it("each connection gets its own routing id", async () => {
    const server = stream();
    await server.bind("tcp://127.0.0.1:0");
    const port = portOf(server.lastEndpoint);
    const first = new Client(port);
    const firstId = await receiveNotification(server);
    const second = new Client(port);
    const secondId = await receiveNotification(server);
    expect(firstId.equals(secondId)).toBe(false);
    await server.send([secondId, "two"]);
    await server.send([firstId, "one"]);
    expect(await second.read(3)).toBe("two");
    expect(await first.read(3)).toBe("one");
  });

  it("an unknown routing id fails with EHOSTUNREACH; a message without data with EINVAL", async () => {
    const server = stream();
    await server.bind("tcp://127.0.0.1:0");
    await expect(server.send([Buffer.from([0, 1, 2, 3, 4]), "x"])).rejects.toMatchObject({ code: "EHOSTUNREACH" });
    await expect(server.send(Buffer.from([0, 1, 2, 3, 4]))).rejects.toMatchObject({ code: "EINVAL" });
  });
});

describe("Stream: connecting to a plain tcp server", () => {
  it("connect, data both ways, server closes, and a reconnect gets a new id", async () => {
    const accepted: net.Socket[] = [];
    const waiters: ((socket: net.Socket) => void)[] = [];
    const server = net.createServer((socket) => {
      socket.on("error", () => {
        // Torn down by the test.
      });
      const waiter = waiters.shift();
      if (waiter !== undefined) waiter(socket);
      else accepted.push(socket);
    });
    const nextConnection = (): Promise<net.Socket> =>
      new Promise((resolve) => {
        const ready = accepted.shift();
        if (ready !== undefined) resolve(ready);
        else waiters.push(resolve);
      });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        }),
    );
    const port = (server.address() as net.AddressInfo).port;

    const client = stream();
    client.reconnectInterval = 10;
    client.connect(`tcp://127.0.0.1:${port}`);
    const peer = await nextConnection();
    const id = await receiveNotification(client);

    peer.write("ping");
    expect(await receiveData(client, id, 4)).toBe("ping");

    const got = firstData(peer);
    await client.send([id, "pong"]);
    expect(await got).toBe("pong");

    peer.end();
    expect((await receiveNotification(client)).equals(id)).toBe(true);

    const again = await nextConnection();
    const newId = await receiveNotification(client);
    expect(newId.equals(id)).toBe(false);
    const gotAgain = firstData(again);
    await client.send([newId, "hi again"]);
    expect(await gotAgain).toBe("hi again");
    again.destroy();
  });
});
