/**
 * ROUTER routing ids against libzmq: an `Identity` sent in READY becomes the routing id on the other side,
 * an anonymous peer gets a generated 5-byte id starting with a zero byte, and replies go back by that id.
 */
import { describe, expect, test } from "vitest";
import {
  EMPTY,
  framesDiff,
  link,
  TRANSPORTS,
  useIpcDir,
  useSockets,
  type Kind,
  type TestSocket,
} from "./helpers.js";

const socket = useSockets();
const ipcEndpoint = useIpcDir();

/** REQ adds (and expects back) an empty delimiter; DEALER carries the body as is. */
const REQUESTERS: readonly Kind[] = ["DEALER", "REQ"];

function envelopeOf(kind: Kind): Buffer[] {
  return kind === "REQ" ? [EMPTY] : [];
}

function isGeneratedId(id: Buffer | undefined): boolean {
  return id !== undefined && id.length === 5 && id[0] === 0;
}

/** Sends `text` from the requester, checks what the ROUTER sees, routes a reply back by the id it saw. */
async function roundTrip(requester: TestSocket, router: TestSocket, text: string): Promise<Buffer> {
  await requester.send(text);
  const message = await router.receive();
  const tail = [...envelopeOf(requester.kind), Buffer.from(text)];
  expect(message.length).toBe(1 + tail.length);
  expect(framesDiff(message.slice(1), tail)).toBeUndefined();
  const id = message[0]!;
  await router.send([id, ...envelopeOf(requester.kind), `re: ${text}`]);
  expect(framesDiff(await requester.receive(), [`re: ${text}`])).toBeUndefined();
  return id;
}

describe.each(TRANSPORTS)("ROUTER routing ids over %s", (transport) => {
  describe.each(REQUESTERS)("%s peer", (kind) => {
    describe.each(["ROUTER binds", "ROUTER connects"] as const)("%s", (how) => {
      const connect = async (router: TestSocket, requester: TestSocket): Promise<void> => {
        if (how === "ROUTER binds") await link(router, requester, transport, ipcEndpoint);
        else await link(requester, router, transport, ipcEndpoint);
      };

      test(`libzmq ${kind} with routingId "abc" shows up at a zmtp ROUTER as "abc"`, async () => {
        const router = socket("zmtp", "ROUTER");
        const requester = socket("libzmq", kind, { routingId: "abc" });
        await connect(router, requester);
        const id = await roundTrip(requester, router, "hello");
        expect(id.toString("latin1")).toBe("abc");
      });

      test(`zmtp ${kind} with routingId "xyz" shows up at a libzmq ROUTER as "xyz"`, async () => {
        const router = socket("libzmq", "ROUTER");
        const requester = socket("zmtp", kind, { routingId: "xyz" });
        await connect(router, requester);
        const id = await roundTrip(requester, router, "hello");
        expect(id.toString("latin1")).toBe("xyz");
      });

      test(`anonymous libzmq ${kind} gets a 5-byte id starting with 0 at a zmtp ROUTER`, async () => {
        const router = socket("zmtp", "ROUTER");
        const requester = socket("libzmq", kind);
        await connect(router, requester);
        const id = await roundTrip(requester, router, "hello");
        expect(id.toString("hex")).toMatch(/^00[0-9a-f]{8}$/);
        // The generated id keeps working for a second exchange.
        expect((await roundTrip(requester, router, "again")).equals(id)).toBe(true);
      });

      test(`anonymous zmtp ${kind} gets a 5-byte id starting with 0 at a libzmq ROUTER`, async () => {
        const router = socket("libzmq", "ROUTER");
        const requester = socket("zmtp", kind);
        await connect(router, requester);
        const id = await roundTrip(requester, router, "hello");
        expect(id.toString("hex")).toMatch(/^00[0-9a-f]{8}$/);
      });
    });
  });

  test("a zmtp ROUTER routes each reply to the right one of several libzmq DEALERs", async () => {
    const router = socket("zmtp", "ROUTER");
    const names = ["abc", undefined, undefined, "def"];
    const dealers = names.map((routingId) => socket("libzmq", "DEALER", routingId === undefined ? {} : { routingId }));
    await link(router, dealers[0]!, transport, ipcEndpoint);
    for (const dealer of dealers.slice(1)) dealer.connect(router.lastEndpoint);

    for (const [i, dealer] of dealers.entries()) await dealer.send(["from", String(i)]);
    const idOf = new Map<number, Buffer>();
    for (let k = 0; k < dealers.length; k++) {
      const [id, from, which, ...rest] = await router.receive();
      expect(from?.toString()).toBe("from");
      expect(rest).toHaveLength(0);
      idOf.set(Number(which!.toString()), id!);
    }
    expect([...idOf.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect(idOf.get(0)!.toString()).toBe("abc");
    expect(idOf.get(3)!.toString()).toBe("def");
    expect(isGeneratedId(idOf.get(1))).toBe(true);
    expect(isGeneratedId(idOf.get(2))).toBe(true);
    expect(idOf.get(1)!.equals(idOf.get(2)!)).toBe(false);

    // Reply in reverse order; each DEALER must get exactly its own reply.
    for (let i = dealers.length - 1; i >= 0; i--) await router.send([idOf.get(i)!, "to", String(i)]);
    for (const [i, dealer] of dealers.entries()) {
      expect(framesDiff(await dealer.receive(), ["to", String(i)])).toBeUndefined();
    }
  });
});
