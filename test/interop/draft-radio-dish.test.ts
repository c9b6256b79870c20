/**
 * RADIO/DISH over ZMTP (RFC 48, RFC 37 "radio-dish-message") against libzmq 4.3.5's draft sockets
 * (zeromq.js `zeromq/draft`): zmtp on either end, each end binding in turn, over tcp (and ipc for one
 * pairing). A DISH's JOIN/LEAVE commands reach the RADIO, which then sends `[group, body]` to it alone.
 *
 * libzmq's DISH joins through the native join, called bound (draft-kit.ts says why zeromq.js's own
 * `Dish.join` is not relied on).
 */
import { describe, expect, it } from "vitest";
import * as draft from "zeromq/draft.js";
import * as zmtp from "../../src/draft.js";
import { waitUntil, within } from "../helpers/wait.js";
import { bindAddress, EITHER_SIDE_OVER_TCP_AND_IPC, eitherBinds, libzmqJoin, libzmqLeave, useDraftSockets, useIpcDir, WAIT_MS, type End } from "./draft-kit.js";

const track = useDraftSockets();
const ipcEndpoint = useIpcDir();

interface RadioEnd extends End {
  send(message: string, options: { group: string }): Promise<void>;
}

interface DishEnd extends End {
  join(group: string): void;
  leave(group: string): void;
  receive(): Promise<[Buffer, { group: Buffer }]>;
}

function radio(impl: "zmtp" | "libzmq"): RadioEnd {
  if (impl === "zmtp") return track.zmtp(new zmtp.Radio());
  return track.libzmq(new draft.Radio());
}

function dish(impl: "zmtp" | "libzmq"): DishEnd {
  if (impl === "zmtp") return track.zmtp(new zmtp.Dish({ receiveTimeout: WAIT_MS }));
  const socket = track.libzmq(new draft.Dish({ receiveTimeout: WAIT_MS }));
  return {
    bind: (endpoint) => socket.bind(endpoint),
    connect: (endpoint) => {
      socket.connect(endpoint);
    },
    get lastEndpoint() {
      return socket.lastEndpoint;
    },
    join: (group) => {
      libzmqJoin(socket, group);
    },
    leave: (group) => {
      libzmqLeave(socket, group);
    },
    receive: () => socket.receive(),
  };
}

async function next(d: DishEnd): Promise<string> {
  const [body, { group }] = await within(d.receive(), "a message at the dish", WAIT_MS);
  return `${group.toString()}:${body.toString()}`;
}

/**
 * Sends probes to `group` until the dish has one (its JOIN travels on its own); returns once a marker sent
 * after the last probe arrives, so nothing of the probing is left at the dish.
 */
async function sendUntilJoined(r: RadioEnd, d: DishEnd, group: string): Promise<void> {
  let arrived = false;
  const first = d.receive().then(() => (arrived = true));
  await waitUntil(() => {
    if (arrived) return true;
    void r.send("probe", { group });
    return false;
  }, `a probe to ${group} at the dish`, WAIT_MS);
  await first;
  await r.send("marker", { group });
  while ((await next(d)) !== `${group}:marker`);
}

describe.each(EITHER_SIDE_OVER_TCP_AND_IPC)("%s RADIO → %s DISH over %s", (radioImpl, dishImpl, transport) => {
  it.each(eitherBinds("RADIO", "DISH"))("the DISH gets exactly the groups it joined, with their names (%s)", async (_label, radioBinds) => {
    const r = radio(radioImpl);
    const d = dish(dishImpl);
    d.join("weather");
    if (radioBinds) {
      await r.bind(bindAddress(transport, radioImpl, ipcEndpoint));
      d.connect(r.lastEndpoint!);
    } else {
      await d.bind(bindAddress(transport, dishImpl, ipcEndpoint));
      r.connect(d.lastEndpoint!);
    }
    await sendUntilJoined(r, d, "weather");
    d.join("news");
    await sendUntilJoined(r, d, "news");
    for (const [group, body] of [["sport", "not joined"], ["weathe", "a prefix"], ["weather", "rain"], ["news", "extra"]] as const) {
      await r.send(body, { group });
    }
    expect(await next(d)).toBe("weather:rain");
    expect(await next(d)).toBe("news:extra");
    // Whether or not the RADIO has heard the LEAVE yet, the DISH filters at once (dish_t::xxrecv); the
    // RADIO's side of LEAVE is checked byte by byte in test/sockets/draft-radio-dish.test.ts.
    d.leave("weather");
    await r.send("after leave", { group: "weather" });
    await r.send("still joined", { group: "news" });
    expect(await next(d)).toBe("news:still joined");
  });
});
