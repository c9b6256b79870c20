import type { Pipe } from "../pipe/pipe.js";

/**
 * ROUTER's map from routing id to pipe (RFC 28 §"The ROUTER Socket Type"). A peer's id is the `Identity`
 * it announced, or one we generate: a zero octet then a 32-bit counter, as libzmq does, so generated ids
 * never collide with announced ones (which may not start with a zero octet).
 */
export class IdentityTable {
  private readonly pipes = new Map<string, Pipe>();
  private nextId = (Math.random() * 0x1_0000_0000) >>> 0;

  get size(): number {
    return this.pipes.size;
  }

  /**
   * Registers the pipe under its peer's identity (or a generated one). With `handover`, a new peer takes an
   * identity over from the pipe that had it (which is returned); without, a duplicate is refused (false).
   */
  add(pipe: Pipe, handover: boolean): boolean | Pipe {
    const announced = pipe.peer?.identity;
    const id = announced ?? this.generate();
    const key = id.toString("latin1");
    const previous = this.pipes.get(key);
    if (previous !== undefined && previous !== pipe) {
      if (!handover) return false;
      previous.routingId = undefined;
    }
    this.remove(pipe);
    pipe.routingId = id;
    this.pipes.set(key, pipe);
    return previous !== undefined && previous !== pipe ? previous : true;
  }

  remove(pipe: Pipe): void {
    const id = pipe.routingId;
    if (id === undefined) return;
    const key = id.toString("latin1");
    if (this.pipes.get(key) === pipe) this.pipes.delete(key);
  }

  lookup(id: Buffer): Pipe | undefined {
    return this.pipes.get(id.toString("latin1"));
  }

  private generate(): Buffer {
    const id = Buffer.allocUnsafe(5);
    id[0] = 0;
    this.nextId = (this.nextId + 1) >>> 0;
    id.writeUInt32BE(this.nextId, 1);
    return id;
  }
}
