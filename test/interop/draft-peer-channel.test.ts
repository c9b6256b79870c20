/**
 * PEER (RFC 51) and CHANNEL (RFC 52) against libzmq 4.3.5, whose zeromq.js has no class for them: its
 * native Socket made with the type number (draft-kit.ts). zeromq.js gives a libzmq PEER no way to address
 * a message (its send sets no routing id, its receive reports none), so PEER is checked one way: a zmtp
 * PEER dials with connectPeer and speaks first. CHANNEL both ways, each end binding in turn.
 */
import { describe, expect, it } from "vitest";
import * as zmtp from "../../src/draft.js";
import { within } from "../helpers/wait.js";
import { libzmqSocketOfType, useDraftSockets, WAIT_MS } from "./draft-kit.js";

const track = useDraftSockets();

it("a zmtp PEER dials a libzmq PEER with connectPeer and is heard at once", async () => {
  const remote = track.libzmq(libzmqSocketOfType(19));
  await remote.bind("tcp://127.0.0.1:*");
  const local = track.zmtp(new zmtp.Peer());
  const routingId = local.connectPeer(remote.lastEndpoint!);
  await local.send("first words", { routingId });
  await local.send(["second words"], { routingId });
  expect((await within(remote.receive(), "the first message", WAIT_MS)).map(String)).toEqual(["first words"]);
  expect((await within(remote.receive(), "the second message", WAIT_MS)).map(String)).toEqual(["second words"]);
});

describe.each([
  ["the zmtp CHANNEL binds", true],
  ["the libzmq CHANNEL binds", false],
])("zmtp CHANNEL ↔ libzmq CHANNEL over tcp (%s)", (_label, zmtpBinds) => {
  it("messages flow both ways", async () => {
    const local = track.zmtp(new zmtp.Channel({ receiveTimeout: WAIT_MS }));
    const remote = track.libzmq(libzmqSocketOfType(20));
    if (zmtpBinds) {
      await local.bind("tcp://127.0.0.1:0");
      remote.connect(local.lastEndpoint!);
    } else {
      await remote.bind("tcp://127.0.0.1:*");
      local.connect(remote.lastEndpoint!);
    }
    await local.send("from zmtp");
    expect((await within(remote.receive(), "zmtp's message", WAIT_MS)).map(String)).toEqual(["from zmtp"]);
    await remote.send("from libzmq");
    expect((await within(local.receive(), "libzmq's message", WAIT_MS)).map(String)).toEqual(["from libzmq"]);
  });
});
