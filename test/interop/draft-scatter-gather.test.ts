/**
 * SCATTER/GATHER (RFC 49) against libzmq 4.3.5's draft sockets (zeromq.js `zeromq/draft`): zmtp on either
 * end, each end binding in turn, over tcp (and ipc for one pairing); messages arrive in order, each once.
 */
import { describe, expect, it } from "vitest";
import * as draft from "zeromq/draft.js";
import * as zmtp from "../../src/draft.js";
import { within } from "../helpers/wait.js";
import { bindAddress, EITHER_SIDE_OVER_TCP_AND_IPC, eitherBinds, useDraftSockets, type End, useIpcDir, WAIT_MS } from "./draft-kit.js";

const track = useDraftSockets();
const ipcEndpoint = useIpcDir();

const COUNT = 200;

describe.each(EITHER_SIDE_OVER_TCP_AND_IPC)("%s SCATTER → %s GATHER over %s", (scatterImpl, gatherImpl, transport) => {
  it.each(eitherBinds("GATHER", "SCATTER"))("every message arrives once, in order (%s)", async (_label, gatherBinds) => {
    const scatter =
      scatterImpl === "zmtp" ? track.zmtp(new zmtp.Scatter({ sendTimeout: WAIT_MS })) : track.libzmq(new draft.Scatter({ sendTimeout: WAIT_MS }));
    const gather =
      gatherImpl === "zmtp" ? track.zmtp(new zmtp.Gather({ receiveTimeout: WAIT_MS })) : track.libzmq(new draft.Gather({ receiveTimeout: WAIT_MS }));
    const [binder, binderImpl, connecter] = gatherBinds ? [gather as End, gatherImpl, scatter as End] : [scatter as End, scatterImpl, gather as End];
    await binder.bind(bindAddress(transport, binderImpl, ipcEndpoint));
    connecter.connect(binder.lastEndpoint!);
    const sending = (async () => {
      for (let i = 0; i < COUNT; i++) await scatter.send(`message ${i}`);
    })();
    const received: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const message = await within(gather.receive(), `message ${i}`, WAIT_MS);
      expect(message.length).toBe(1);
      received.push(message[0].toString());
    }
    await sending;
    expect(received).toEqual(Array.from({ length: COUNT }, (_, i) => `message ${i}`));
  });
});
