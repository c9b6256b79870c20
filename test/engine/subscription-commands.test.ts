/**
 * RFC 37 §"SUBSCRIBE and CANCEL": only a SUB/XSUB sends these commands and only a PUB/XPUB acts on them.
 * Any other socket type must not hand them to its user as messages the peer never sent. (libzmq 4.3.5
 * leaks them, as "\x09SUBSCRIBEtopic": observed with a raw peer.)
 */
import net from "node:net";
import { expect, it } from "vitest";
import { Dealer, Pull } from "../../src/index.js";
import { concat } from "../helpers/bytes.js";
import { within } from "../helpers/wait.js";
import { commandFrame, greetingBytes, messageBytes, readyFrame } from "../helpers/wire.js";

it.each([
  ["PULL", "PUSH"],
  ["DEALER", "DEALER"],
])("a %s ignores SUBSCRIBE / CANCEL commands from a %s peer", async (local, remote) => {
  const socket = local === "PULL" ? new Pull({ receiveTimeout: 2000 }) : new Dealer({ receiveTimeout: 2000 });
  await socket.bind("tcp://127.0.0.1:0");
  const port = Number(/:(\d+)$/.exec(socket.lastEndpoint!)![1]);
  const raw = net.connect({ host: "127.0.0.1", port });
  raw.on("data", () => undefined);
  raw.write(
    concat([
      greetingBytes(),
      readyFrame([["Socket-Type", remote]]),
      commandFrame("SUBSCRIBE", "topic"),
      commandFrame("CANCEL", "topic"),
      messageBytes(["real"]),
    ]),
  );
  try {
    expect((await within(socket.receive(), "the message", 3000)).map(String)).toEqual(["real"]);
  } finally {
    raw.destroy();
    socket.linger = 0;
    await socket.close();
  }
});
