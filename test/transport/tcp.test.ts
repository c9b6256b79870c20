import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Pull, Push, ZmqError, type Socket } from "../../src/index.js";
import { hasIpv6 } from "../helpers/loopback.js";
import { delay } from "../helpers/wait.js";

const open: Socket[] = [];
function track<T extends Socket>(socket: T): T {
  open.push(socket);
  return socket;
}
const servers: net.Server[] = [];
afterEach(async () => {
  const sockets = open.splice(0);
  for (const s of sockets) s.linger = 0;
  await Promise.all(sockets.map((s) => s.closeAndWait()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function portOf(endpoint: string | null): number {
  const match = /:(\d+)$/.exec(endpoint ?? "");
  expect(match, `no port in ${String(endpoint)}`).not.toBeNull();
  return Number(match![1]);
}

/** A port that was free a moment ago (bound by the OS, then released). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A raw tcp server (no ZMTP) that counts and drops every connection. */
async function droppingServer(): Promise<{ port: number; count: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  return { port: (server.address() as net.AddressInfo).port, count: () => connections };
}

async function roundTrip(push: Push, pull: Pull, body = "ping"): Promise<void> {
  await push.send(body);
  expect((await pull.receive())[0]!.toString()).toBe(body);
}

function connectRefused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => {
      resolve(err.code ?? "error");
    });
  });
}

describe("tcp bind", () => {
  it("tcp://127.0.0.1:0 reports the real port in lastEndpoint", async () => {
    const pull = track(new Pull());
    expect(pull.lastEndpoint).toBeNull();
    await pull.bind("tcp://127.0.0.1:0");
    expect(pull.lastEndpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(portOf(pull.lastEndpoint)).toBeGreaterThan(0);
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    await roundTrip(push, pull);
  });

  it("tcp://127.0.0.1:* reports the real port in lastEndpoint", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:*");
    expect(pull.lastEndpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(portOf(pull.lastEndpoint)).toBeGreaterThan(0);
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    await roundTrip(push, pull);
  });

  it("each ephemeral bind gets its own port", async () => {
    const a = track(new Pull());
    const b = track(new Pull());
    await a.bind("tcp://127.0.0.1:0");
    await b.bind("tcp://127.0.0.1:0");
    expect(portOf(a.lastEndpoint)).not.toBe(portOf(b.lastEndpoint));
  });

  it("tcp://*:0 binds every interface", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://*:0");
    expect(pull.lastEndpoint).toMatch(/^tcp:\/\/(0\.0\.0\.0|\[::\]):\d+$/);
    const port = portOf(pull.lastEndpoint);
    expect(port).toBeGreaterThan(0);
    const push = track(new Push());
    push.connect(`tcp://127.0.0.1:${port}`);
    await roundTrip(push, pull);
  });

  it.skipIf(hasIpv6)("tcp://[::1]:0 fails with EADDRNOTAVAIL where ::1 is unavailable", async () => {
    const pull = track(new Pull());
    await expect(pull.bind("tcp://[::1]:0")).rejects.toMatchObject({ code: "EADDRNOTAVAIL" });
  });

  it.skipIf(!hasIpv6)("tcp://[::1]:0 binds IPv6 loopback", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://[::1]:0");
    expect(pull.lastEndpoint).toMatch(/^tcp:\/\/\[::1\]:\d+$/);
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    await roundTrip(push, pull, "over ipv6");
  });

  it("a second bind to the same port fails with EADDRINUSE", async () => {
    const a = track(new Pull());
    await a.bind("tcp://127.0.0.1:0");
    const b = track(new Pull());
    const err: unknown = await b.bind(a.lastEndpoint!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZmqError);
    expect(err).toMatchObject({ code: "EADDRINUSE" });
    // The same socket binding the same endpoint again, too.
    await expect(a.bind(a.lastEndpoint!)).rejects.toMatchObject({ code: "EADDRINUSE" });
    // The failed binds leave the first one working.
    const push = track(new Push());
    push.connect(a.lastEndpoint!);
    await roundTrip(push, a);
  });

  it("binding a port a plain tcp server holds fails with EADDRINUSE", async () => {
    const { port } = await droppingServer();
    const pull = track(new Pull());
    await expect(pull.bind(`tcp://127.0.0.1:${port}`)).rejects.toMatchObject({ code: "EADDRINUSE" });
  });

  it("malformed endpoints are rejected with EINVAL", async () => {
    const pull = track(new Pull());
    for (const e of ["tcp://127.0.0.1", "tcp://127.0.0.1:abc", "tcp://:5555", "tcp://127.0.0.1:70000", "tcp//127.0.0.1:1", "127.0.0.1:5555"]) {
      const err: unknown = await pull.bind(e).catch((caught: unknown) => caught);
      expect(err, e).toBeInstanceOf(ZmqError);
      expect(err, e).toMatchObject({ code: "EINVAL" });
    }
    const push = track(new Push());
    for (const e of ["tcp://127.0.0.1", "tcp://127.0.0.1:abc", "tcp://127.0.0.1:0", "tcp://*:5555"]) {
      expect(() => {
        push.connect(e);
      }, e).toThrow(expect.objectContaining({ code: "EINVAL" }) as Error);
      expect(() => {
        push.connect(e);
      }, e).toThrow(ZmqError);
    }
  });

  it("unknown transports are rejected with EPROTONOSUPPORT", async () => {
    const pull = track(new Pull());
    await expect(pull.bind("tipc://{5560,0,0}")).rejects.toMatchObject({ code: "EPROTONOSUPPORT" });
    const push = track(new Push());
    expect(() => {
      push.connect("tipc://{5560,0,0}");
    }).toThrow(expect.objectContaining({ code: "EPROTONOSUPPORT" }) as Error);
  });
});

describe("tcp connect", () => {
  it("connects by host name (localhost)", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push());
    push.connect(`tcp://localhost:${portOf(pull.lastEndpoint)}`);
    await roundTrip(push, pull, "via localhost");
  });

  it("connects before the peer binds", async () => {
    const port = await freePort();
    const push = track(new Push({ reconnectInterval: 20 }));
    push.connect(`tcp://127.0.0.1:${port}`);
    const sent = push.send("early");
    await delay(60); // a few failed attempts
    const pull = track(new Pull());
    await pull.bind(`tcp://127.0.0.1:${port}`);
    await sent;
    expect((await pull.receive())[0]!.toString()).toBe("early");
  });

  it("reconnects after the binding peer closes and binds the same port again", async () => {
    const first = track(new Pull());
    await first.bind("tcp://127.0.0.1:0");
    const endpoint = first.lastEndpoint!;
    const push = track(new Push({ reconnectInterval: 20 }));
    push.connect(endpoint);
    await roundTrip(push, first, "before");

    first.linger = 0;
    await first.closeAndWait();
    const second = track(new Pull({ receiveTimeout: 100 }));
    await second.bind(endpoint);

    // A message written while the old connection was dying may be lost: keep sending until one arrives.
    let got: string | undefined;
    for (let i = 0; i < 50 && got === undefined; i++) {
      await push.send(`after-${i}`);
      try {
        got = (await second.receive())[0]!.toString();
      } catch (err) {
        expect(err).toMatchObject({ code: "EAGAIN" });
      }
    }
    expect(got).toMatch(/^after-\d+$/);
  });

  it("accepts reconnectMaxInterval and still connects with back-off", async () => {
    const port = await freePort();
    const push = track(new Push({ reconnectInterval: 10, reconnectMaxInterval: 80 }));
    expect(push.reconnectMaxInterval).toBe(80);
    push.reconnectMaxInterval = 60;
    expect(push.reconnectMaxInterval).toBe(60);
    push.connect(`tcp://127.0.0.1:${port}`);
    const sent = push.send("backed-off");
    await delay(100); // several failed attempts, the interval growing
    const pull = track(new Pull());
    await pull.bind(`tcp://127.0.0.1:${port}`);
    await sent;
    expect((await pull.receive())[0]!.toString()).toBe("backed-off");
  });

  it("keeps retrying a peer that drops the connection, and disconnect stops that", async () => {
    const server = await droppingServer();
    const endpoint = `tcp://127.0.0.1:${server.port}`;
    const push = track(new Push({ reconnectInterval: 20 }));
    push.connect(endpoint);
    for (let i = 0; i < 200 && server.count() < 3; i++) await delay(10);
    expect(server.count()).toBeGreaterThanOrEqual(3);

    push.disconnect(endpoint);
    await delay(60); // an attempt already under way may still land
    const settled = server.count();
    await delay(200); // ten reconnect intervals
    expect(server.count()).toBe(settled);
  });

  it("disconnect of an endpoint never connected fails with ENOENT", () => {
    const push = track(new Push());
    expect(() => {
      push.disconnect("tcp://127.0.0.1:5555");
    }).toThrow(expect.objectContaining({ code: "ENOENT" }) as Error);
  });
});

describe("tcp unbind", () => {
  it("stops accepting connections", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const endpoint = pull.lastEndpoint!;
    const port = portOf(endpoint);
    const push = track(new Push());
    push.connect(endpoint);
    await roundTrip(push, pull, "while bound");

    await pull.unbind(endpoint);
    expect(await connectRefused(port)).toBe("ECONNREFUSED");

    const late = track(new Push({ reconnectInterval: 20 }));
    late.connect(endpoint);
    await late.send("too late");
    pull.receiveTimeout = 200;
    await expect(pull.receive()).rejects.toMatchObject({ code: "EAGAIN" });
  });

  it("accepts the endpoint as written at bind", async () => {
    const pull = track(new Pull());
    const port = await freePort();
    await pull.bind(`tcp://127.0.0.1:${port}`);
    await pull.unbind(`tcp://127.0.0.1:${port}`);
    expect(await connectRefused(port)).toBe("ECONNREFUSED");
    // The port can be bound again.
    await pull.bind(`tcp://127.0.0.1:${port}`);
    expect(pull.lastEndpoint).toBe(`tcp://127.0.0.1:${port}`);
  });

  it("of an endpoint never bound rejects", async () => {
    const pull = track(new Pull());
    await pull.bind("tcp://127.0.0.1:0");
    const err: unknown = await pull.unbind("tcp://127.0.0.1:1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZmqError);
    expect(err).toMatchObject({ code: "ENOENT" });
    await expect(pull.unbind("tcp://127.0.0.1")).rejects.toMatchObject({ code: "EINVAL" });
  });
});

describe("several ephemeral binds on one socket", () => {
  it("each tcp://127.0.0.1:0 bind gets its own port, and each can be unbound by its resolved endpoint", async () => {
    const pull = track(new Pull({ receiveTimeout: 5000 }));
    await pull.bind("tcp://127.0.0.1:0");
    const first = pull.lastEndpoint!;
    await pull.bind("tcp://127.0.0.1:0");
    const second = pull.lastEndpoint!;
    expect(second).not.toBe(first);
    await pull.unbind(first);
    const push = track(new Push());
    push.connect(second);
    await push.send("still bound");
    expect((await pull.receive()).map(String)).toEqual(["still bound"]);
    await expect(pull.unbind("tcp://127.0.0.1:0")).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("tcp: more bind forms", () => {
  it("tcp://*:<port> binds that port on every interface", async () => {
    const port = await freePort();
    const pull = track(new Pull());
    await pull.bind(`tcp://*:${port}`);
    expect(pull.lastEndpoint).toMatch(new RegExp(`^tcp://(0\\.0\\.0\\.0|\\[::\\]):${port}$`));
    const push = track(new Push());
    push.connect(`tcp://127.0.0.1:${port}`);
    await roundTrip(push, pull, "via the wildcard");
    await pull.unbind(`tcp://*:${port}`);
    expect(await connectRefused(port)).toBe("ECONNREFUSED");
  });

  it.skipIf(!hasIpv6)("with ipv6, tcp://*:0 is reachable over both IPv4 and IPv6", async () => {
    const pull = track(new Pull({ ipv6: true }));
    await pull.bind("tcp://*:0");
    const port = portOf(pull.lastEndpoint);
    const v4 = track(new Push());
    v4.connect(`tcp://127.0.0.1:${port}`);
    await roundTrip(v4, pull, "over ipv4");
    const v6 = track(new Push());
    v6.connect(`tcp://[::1]:${port}`);
    await roundTrip(v6, pull, "over ipv6");
  });
});

describe("tcp disconnect", () => {
  it("disconnect of a live endpoint ends that connection: later messages all go to the remaining peer", async () => {
    const a = track(new Pull({ receiveTimeout: 5000 }));
    const b = track(new Pull({ receiveTimeout: 5000 }));
    await a.bind("tcp://127.0.0.1:0");
    await b.bind("tcp://127.0.0.1:0");
    const push = track(new Push());
    push.connect(a.lastEndpoint!);
    push.connect(b.lastEndpoint!);
    // Both connected: round-robin reaches both.
    await push.send("1");
    await push.send("2");
    const first = [String((await a.receive())[0]), String((await b.receive())[0])].sort();
    expect(first).toEqual(["1", "2"]);

    push.disconnect(a.lastEndpoint!);
    await delay(50);
    for (let i = 0; i < 6; i++) await push.send(`after-${i}`);
    const got: string[] = [];
    for (let i = 0; i < 6; i++) got.push(String((await b.receive())[0]));
    expect(got).toEqual(["after-0", "after-1", "after-2", "after-3", "after-4", "after-5"]);
    a.receiveTimeout = 100;
    await expect(a.receive()).rejects.toMatchObject({ code: "EAGAIN" });
    // disconnect again: the endpoint is no longer connected.
    expect(() => {
      push.disconnect(a.lastEndpoint!);
    }).toThrow(expect.objectContaining({ code: "ENOENT" }) as Error);
  });
});

describe("tcp against libzmq", () => {
  const natives: zmq.Socket[] = [];
  afterEach(() => {
    for (const s of natives.splice(0)) s.close();
  });
  function native<T extends zmq.Socket>(socket: T): T {
    socket.linger = 0;
    natives.push(socket);
    return socket;
  }

  it.skipIf(!hasIpv6)("a libzmq PUSH reaches a zmtp PULL bound on tcp://[::1]:0", async () => {
    const pull = track(new Pull({ receiveTimeout: 5000 }));
    await pull.bind("tcp://[::1]:0");
    const push = native(new zmq.Push({ ipv6: true }));
    push.connect(pull.lastEndpoint!);
    await push.send(["from", "libzmq"]);
    expect((await pull.receive()).map(String)).toEqual(["from", "libzmq"]);
  });

  it.skipIf(!hasIpv6)("a zmtp PUSH reaches a libzmq PULL bound on tcp://[::1]:0", async () => {
    const pull = native(new zmq.Pull({ ipv6: true, receiveTimeout: 5000 }));
    await pull.bind("tcp://[::1]:0");
    const push = track(new Push());
    push.connect(pull.lastEndpoint!);
    await push.send(["from", "zmtp"]);
    expect((await pull.receive()).map(String)).toEqual(["from", "zmtp"]);
  });

  it("a zmtp PUSH connects by host name to a libzmq PULL bound on tcp://*:0", async () => {
    const pull = native(new zmq.Pull({ receiveTimeout: 5000 }));
    await pull.bind("tcp://*:0");
    const push = track(new Push());
    push.connect(`tcp://localhost:${portOf(pull.lastEndpoint)}`);
    await push.send("via localhost");
    expect((await pull.receive()).map(String)).toEqual(["via localhost"]);
  });

  it("a libzmq PUSH reaches a zmtp PULL bound on tcp://*:<port>", async () => {
    const port = await freePort();
    const pull = track(new Pull({ receiveTimeout: 5000 }));
    await pull.bind(`tcp://*:${port}`);
    const push = native(new zmq.Push());
    push.connect(`tcp://127.0.0.1:${port}`);
    await push.send("to the wildcard");
    expect((await pull.receive()).map(String)).toEqual(["to the wildcard"]);
  });

  it("binding a port a libzmq socket holds fails with a ZmqError EADDRINUSE", async () => {
    const holder = native(new zmq.Pull());
    await holder.bind("tcp://127.0.0.1:0");
    const pull = track(new Pull());
    const err: unknown = await pull.bind(holder.lastEndpoint!).catch((caught: unknown) => caught);
    expect(err).toBeInstanceOf(ZmqError);
    expect(err).toMatchObject({ code: "EADDRINUSE", address: holder.lastEndpoint });
  });
});
