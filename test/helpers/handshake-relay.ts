/**
 * A tcp relay between a dialing socket (the client) and a bound one (the server) that fixes how the two
 * handshakes interleave, so that a race which only a loaded machine produces happens on every run. Each
 * connection the relay accepts follows the next route of its list (the last one serves every later
 * connection): where it goes, when, and how the octets of the handshake are grouped. Both sides are
 * expected to speak ZMTP 3.x (a 64-octet greeting, then frames).
 */
import net from "node:net";
import { afterEach } from "vitest";

/** How the relay groups the octets of one connection's handshake. */
export type Interleaving =
  /** Everything passes as it comes. */
  | "as-is"
  /**
   * The server reads the end of the client's greeting and the client's READY in one read, as a libzmq whose
   * I/O thread was late to read the greeting does: the client's octets after its signature and major version
   * (which make libzmq send the rest of its greeting) are held until its first frame is complete.
   */
  | "greeting-tail-with-ready"
  /**
   * The client reads the server's READY together with the end of the connection: the client's frames wait
   * until the server's first frame has come, and what the server sends after its greeting is passed on
   * only once the server has closed, right before the end.
   */
  | "ready-with-end";

export interface RelayRoute {
  /** Where the connection goes: a tcp://127.0.0.1:port endpoint. */
  readonly target: string;
  readonly interleaving?: Interleaving;
  /** The server is dialled only once this settles; until then the client waits in its handshake. */
  readonly gate?: Promise<void>;
}

export interface HandshakeRelay {
  /** Where to connect the client. */
  readonly endpoint: string;
  /** Connections accepted so far. */
  readonly accepted: number;
}

const GREETING = 64;
/** Signature (10 octets) and major version: libzmq sends the rest of its greeting once it has these. */
const GREETING_HEAD = 11;

/** Length of the ZMTP 3.x frame at the start of `data`, or undefined if it is not all there yet. */
function frameLength(data: Buffer): number | undefined {
  if (data.length < 2) return undefined;
  const long = (data[0]! & 0x02) !== 0;
  const header = long ? 9 : 2;
  if (data.length < header) return undefined;
  const length = header + (long ? Number(data.readBigUInt64BE(1)) : data[1]!);
  return data.length >= length ? length : undefined;
}

function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
}

/** Relays one accepted connection along `route`. */
function relay(client: net.Socket, route: RelayRoute, track: (socket: net.Socket) => void): void {
  const interleaving = route.interleaving ?? "as-is";
  let server: net.Socket | undefined;
  /** Client octets not yet sent to the server (all of them while the gate is shut). */
  let fromClient = Buffer.alloc(0);
  let clientSent = 0;
  /** Whether the server's first frame after its greeting has been seen ("ready-with-end"). */
  let serverSpoke = false;
  let fromServer = Buffer.alloc(0);
  let serverReceived = 0;

  /** How many of the client's waiting octets may go to the server now. */
  const releasable = (): number => {
    if (interleaving === "as-is") return fromClient.length;
    const greetingLeft = Math.max(0, GREETING - clientSent);
    if (interleaving === "greeting-tail-with-ready") {
      if (clientSent < GREETING_HEAD) return Math.min(GREETING_HEAD - clientSent, fromClient.length);
      if (clientSent >= GREETING) return fromClient.length;
      const frame = fromClient.length > greetingLeft ? frameLength(fromClient.subarray(greetingLeft)) : undefined;
      return frame === undefined ? 0 : fromClient.length;
    }
    return serverSpoke ? fromClient.length : Math.min(greetingLeft, fromClient.length);
  };
  const pump = (): void => {
    if (server === undefined) return;
    for (let n = releasable(); n > 0; n = releasable()) {
      server.write(fromClient.subarray(0, n));
      fromClient = fromClient.subarray(n);
      clientSent += n;
    }
  };

  client.on("data", (chunk: Buffer) => {
    fromClient = Buffer.concat([fromClient, chunk]);
    pump();
  });
  client.on("error", () => undefined);
  client.on("close", () => server?.destroy());

  const open = (): void => {
    if (client.destroyed) return;
    const upstream = net.connect(portOf(route.target), "127.0.0.1");
    server = upstream;
    track(upstream);
    upstream.on("error", () => undefined);
    upstream.on("data", (chunk: Buffer) => {
      if (interleaving !== "ready-with-end") {
        client.write(chunk);
        return;
      }
      // The greeting passes at once; the rest waits for the end (and, once a frame is in, frees the client's).
      const greetingPart = Math.min(chunk.length, Math.max(0, GREETING - serverReceived));
      serverReceived += chunk.length;
      if (greetingPart > 0) client.write(chunk.subarray(0, greetingPart));
      fromServer = Buffer.concat([fromServer, chunk.subarray(greetingPart)]);
      if (!serverSpoke && frameLength(fromServer) !== undefined) {
        serverSpoke = true;
        pump();
      }
    });
    upstream.on("close", () => {
      if (fromServer.length > 0) client.end(fromServer);
      else client.end();
    });
    pump();
  };
  if (route.gate === undefined) open();
  else void route.gate.then(open);
}

/**
 * Registers an afterEach that closes every relay and connection the test made, and returns a function
 * that starts a relay following `routes` (connection i takes routes[i], or the last one).
 */
export function useHandshakeRelays(): (routes: readonly RelayRoute[]) => Promise<HandshakeRelay> {
  const sockets: net.Socket[] = [];
  const servers: net.Server[] = [];
  const track = (socket: net.Socket): void => {
    sockets.push(socket);
  };
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  return async (routes) => {
    if (routes.length === 0) throw new Error("a relay needs at least one route");
    let accepted = 0;
    const server = net.createServer((client) => {
      track(client);
      const route = routes[Math.min(accepted, routes.length - 1)]!;
      accepted++;
      relay(client, route, track);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
      endpoint: `tcp://127.0.0.1:${port}`,
      get accepted() {
        return accepted;
      },
    };
  };
}
