/**
 * Bundled into a page by chromium.test.ts (zmtp's browser build, browser.config.ts): what a page can and
 * cannot do. CURVE over wss-less ws:// to a zmtp ROUTER in Node (`ZWS2.0-CURVE`: a page cannot offer RFC 45's
 * `ZWS2.0/CURVE`), inproc within the page, messages readable as text, and the clear refusals of what needs
 * Node (tcp, ipc, udp, listening).
 */
import { curveKeyPair, Dealer, Pair, Pull, Push, type ZmqError } from "../../src/index.js";

export interface CheckArgs {
  curveEndpoint: string;
  serverKey: string;
}

async function refusal(what: () => unknown): Promise<string> {
  try {
    await what();
    return "no error";
  } catch (err) {
    const error = err as ZmqError;
    return `${error.code}: ${error.message}`;
  }
}

async function runChecks(args: CheckArgs): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const client = curveKeyPair();
  const dealer = new Dealer({ curveServerKey: args.serverKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey, receiveTimeout: 5000 });
  dealer.connect(args.curveEndpoint);
  await dealer.send(["boxed", "by CURVE"]);
  out.curve = (await dealer.receive()).map((frame) => frame.toString()).join("|");
  dealer.close();

  const a = new Pair();
  const b = new Pair({ receiveTimeout: 1000 });
  await a.bind("inproc://in-the-page");
  b.connect("inproc://in-the-page");
  await a.send("inproc works");
  out.inproc = (await b.receive())[0]!.toString();
  a.close();
  b.close();

  out.bindWs = await refusal(() => new Pull().bind("ws://127.0.0.1:0/x"));
  out.connectTcp = await refusal(() => {
    new Push().connect("tcp://127.0.0.1:5555");
  });
  out.bindTcp = await refusal(() => new Pull().bind("tcp://127.0.0.1:0"));
  out.connectIpc = await refusal(() => {
    new Push().connect("ipc:///tmp/zmtp.sock");
  });
  out.connectUdp = await refusal(() => {
    new Push().connect("udp://127.0.0.1:5555");
  });
  return out;
}

(globalThis as { runChecks?: typeof runChecks }).runChecks = runChecks;
