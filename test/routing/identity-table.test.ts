import { describe, expect, it } from "vitest";
import { Pipe, type PeerInfo } from "../../src/pipe/pipe.js";
import { IdentityTable } from "../../src/routing/identity-table.js";
import { recordOwner } from "../helpers/recording-owner.js";

function peer(identity?: string): PeerInfo {
  return {
    socketType: "DEALER",
    identity: identity === undefined ? undefined : Buffer.from(identity),
    metadata: new Map(),
    zmtp31: true,
  };
}

/** A socket's end with no peer known yet. */
function bare(): Pipe {
  return Pipe.forSocket(10, 10)[0];
}

/** A socket's end whose peer's handshake announced `identity` (through the engine's end, as a session does). */
function pipeWith(identity?: string): Pipe {
  const [sock, engine] = Pipe.forSocket(10, 10);
  engine.announcePeer(peer(identity), false);
  return sock;
}

describe("IdentityTable", () => {
  it("generates a 5-byte id starting with a zero byte for a peer without identity", () => {
    const table = new IdentityTable();
    const pipe = pipeWith();
    expect(table.add(pipe, false)).toBe(true);
    const id = pipe.routingId!;
    expect(id).toBeInstanceOf(Buffer);
    expect(id.length).toBe(5);
    expect(id[0]).toBe(0);
    expect(table.lookup(id)).toBe(pipe);
    expect(table.size).toBe(1);
  });

  it("generates a fresh id for each peer (a 32-bit counter)", () => {
    const table = new IdentityTable();
    const pipes = [pipeWith(), pipeWith(), pipeWith(), bare()];
    for (const p of pipes) expect(table.add(p, false)).toBe(true);
    const ids = pipes.map((p) => p.routingId!);
    expect(new Set(ids.map((id) => id.toString("hex"))).size).toBe(4);
    for (let i = 1; i < ids.length; i++) {
      expect(ids[i]!.readUInt32BE(1)).toBe((ids[i - 1]!.readUInt32BE(1) + 1) >>> 0);
    }
    for (let i = 0; i < pipes.length; i++) expect(table.lookup(ids[i]!)).toBe(pipes[i]);
    expect(table.size).toBe(4);
  });

  it("uses the identity the peer announced", () => {
    const table = new IdentityTable();
    const pipe = pipeWith("client-1");
    expect(table.add(pipe, false)).toBe(true);
    expect(pipe.routingId!.toString()).toBe("client-1");
    expect(table.lookup(Buffer.from("client-1"))).toBe(pipe);
    expect(table.lookup(Buffer.from("client-2"))).toBeUndefined();
  });

  it("treats identities as bytes, not text", () => {
    const table = new IdentityTable();
    const pipe = bare();
    const raw = Buffer.from([0xff, 0xfe, 0x80, 0x01]);
    pipe.peer = { ...peer(), identity: raw };
    table.add(pipe, false);
    expect(table.lookup(Buffer.from([0xff, 0xfe, 0x80, 0x01]))).toBe(pipe);
    expect(table.lookup(Buffer.from([0xff, 0xfe, 0x80, 0x02]))).toBeUndefined();
  });

  it("refuses a duplicate identity without handover", () => {
    const table = new IdentityTable();
    const first = pipeWith("dup");
    const second = pipeWith("dup");
    expect(table.add(first, false)).toBe(true);
    expect(table.add(second, false)).toBe(false);
    expect(second.routingId).toBeUndefined();
    expect(first.routingId!.toString()).toBe("dup");
    expect(table.lookup(Buffer.from("dup"))).toBe(first);
    expect(table.size).toBe(1);
  });

  it("hands a duplicate identity over to the new pipe with handover", () => {
    const table = new IdentityTable();
    const first = pipeWith("dup");
    const second = pipeWith("dup");
    table.add(first, true);
    expect(table.add(second, true)).toBe(first);
    expect(table.lookup(Buffer.from("dup"))).toBe(second);
    expect(second.routingId!.toString()).toBe("dup");
    expect(first.routingId).toBeUndefined();
    expect(table.size).toBe(1);
    // removing the old pipe later must not remove the new owner
    table.remove(first);
    expect(table.lookup(Buffer.from("dup"))).toBe(second);
  });

  it("re-adding the same pipe is not a duplicate", () => {
    const table = new IdentityTable();
    const pipe = pipeWith("same");
    expect(table.add(pipe, false)).toBe(true);
    expect(table.add(pipe, false)).toBe(true);
    expect(table.lookup(Buffer.from("same"))).toBe(pipe);
    expect(table.size).toBe(1);
  });

  it("re-registers a pipe whose peer came back with a new identity", () => {
    const table = new IdentityTable();
    const [pipe, engine] = Pipe.forSocket(10, 10);
    // The socket's end re-registers when told of the reconnect, as ROUTER does.
    const readded: (boolean | Pipe)[] = [];
    recordOwner(pipe, {
      reconnected: (p) => {
        table.remove(p);
        readded.push(table.add(p, false));
      },
    });
    engine.announcePeer(peer("old"), false);
    table.add(pipe, false);
    engine.announcePeer(peer("new"), true);
    expect(readded).toEqual([true]);
    expect(pipe.routingId!.toString()).toBe("new");
    expect(table.lookup(Buffer.from("old"))).toBeUndefined();
    expect(table.lookup(Buffer.from("new"))).toBe(pipe);
    expect(table.size).toBe(1);
  });

  it("remove forgets the pipe and frees its identity", () => {
    const table = new IdentityTable();
    const a = pipeWith("a");
    const b = pipeWith();
    table.add(a, false);
    table.add(b, false);
    const bid = b.routingId!;
    table.remove(a);
    expect(table.lookup(Buffer.from("a"))).toBeUndefined();
    expect(table.size).toBe(1);
    table.remove(b);
    expect(table.lookup(bid)).toBeUndefined();
    expect(table.size).toBe(0);
    // the identity can be taken again
    const again = pipeWith("a");
    expect(table.add(again, false)).toBe(true);
    expect(table.lookup(Buffer.from("a"))).toBe(again);
    // removing a pipe that was never added is harmless
    table.remove(bare());
    expect(table.size).toBe(1);
  });
});
