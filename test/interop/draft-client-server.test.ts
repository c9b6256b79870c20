/**
 * CLIENT/SERVER (RFC 41) against libzmq 4.3.5's draft sockets (zeromq.js `zeromq/draft`): zmtp on either
 * end, each end binding in turn, over tcp (and ipc for one pairing). The SERVER answers each request by the
 * routing id it came with; zeromq.js hands it out as `[message, { routingId }]`, as zmtp does.
 */
import { describe, expect, it } from "vitest";
import * as draft from "zeromq/draft.js";
import * as zmtp from "../../src/draft.js";
import { bindAddress, EITHER_SIDE_OVER_TCP_AND_IPC, eitherBinds, useDraftSockets, useIpcDir, WAIT_MS, type End } from "./draft-kit.js";
import { within } from "../helpers/wait.js";

const track = useDraftSockets();
const ipcEndpoint = useIpcDir();

interface ServerEnd {
  bind(endpoint: string): Promise<void>;
  readonly lastEndpoint: string | null;
  receive(): Promise<[Buffer, { routingId: number }]>;
  send(message: string, options: { routingId: number }): Promise<void>;
}

interface ClientEnd extends End {
  receive(): Promise<Buffer[]>;
  send(message: string): Promise<void>;
}

function server(impl: "zmtp" | "libzmq"): ServerEnd {
  const options = { receiveTimeout: WAIT_MS, sendTimeout: WAIT_MS };
  if (impl === "zmtp") return track.zmtp(new zmtp.Server(options));
  return track.libzmq(new draft.Server(options));
}

function client(impl: "zmtp" | "libzmq"): ClientEnd {
  const options = { receiveTimeout: WAIT_MS, sendTimeout: WAIT_MS };
  if (impl === "zmtp") return track.zmtp(new zmtp.Client(options));
  return track.libzmq(new draft.Client(options));
}

describe.each(EITHER_SIDE_OVER_TCP_AND_IPC)("%s SERVER ↔ %s CLIENT over %s", (serverImpl, clientImpl, transport) => {
  it.each(eitherBinds("SERVER", "CLIENT"))("requests carry a routing id the SERVER answers by (%s)", async (_label, serverBinds) => {
    const s = server(serverImpl);
    const clients = [client(clientImpl), client(clientImpl)];
    if (serverBinds) {
      await s.bind(bindAddress(transport, serverImpl, ipcEndpoint));
      for (const c of clients) c.connect(s.lastEndpoint!);
    } else {
      // A SERVER may connect too (libzmq attaches the pipe, and gives it an id, at connect).
      for (const c of clients) {
        await c.bind(bindAddress(transport, clientImpl, ipcEndpoint));
        (s as unknown as ClientEnd).connect(c.lastEndpoint!);
      }
    }
    await clients[0]!.send("request 0");
    await clients[1]!.send("request 1");
    const ids = new Map<string, number>();
    for (let i = 0; i < 2; i++) {
      const [frame, { routingId }] = await within(s.receive(), "a request at the server", WAIT_MS);
      expect(routingId).toBeGreaterThan(0);
      ids.set(frame.toString(), routingId);
    }
    expect(ids.get("request 0")).not.toBe(ids.get("request 1"));
    await s.send("reply 1", { routingId: ids.get("request 1")! });
    await s.send("reply 0", { routingId: ids.get("request 0")! });
    expect((await within(clients[0]!.receive(), "reply 0", WAIT_MS)).map(String)).toEqual(["reply 0"]);
    expect((await within(clients[1]!.receive(), "reply 1", WAIT_MS)).map(String)).toEqual(["reply 1"]);
  });
});

it("both refuse a routing id nobody has with EHOSTUNREACH", async () => {
  for (const impl of ["zmtp", "libzmq"] as const) {
    const s = server(impl);
    await s.bind(bindAddress("tcp", impl, ipcEndpoint));
    await expect(s.send("x", { routingId: 4242 }), impl).rejects.toMatchObject({ code: "EHOSTUNREACH" });
  }
});
