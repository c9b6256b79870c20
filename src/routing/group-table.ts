import type { Pipe } from "../pipe/pipe.js";

/**
 * RADIO's group memberships (RFC 48; libzmq radio_t's `_subscriptions`): which pipes joined which group,
 * matched exactly. A pipe's memberships go with it when it detaches or its DISH reconnects (the DISH then
 * joins again). Groups are keyed by their octets as latin1, so any byte sequence is one distinct key.
 */
export class GroupTable {
  private readonly members = new Map<string, Set<Pipe>>();
  /** The groups each pipe joined, to forget them with the pipe. */
  private readonly groupsOf = new Map<Pipe, Set<string>>();

  join(pipe: Pipe, group: Buffer): void {
    const key = group.toString("latin1");
    let pipes = this.members.get(key);
    if (pipes === undefined) this.members.set(key, (pipes = new Set()));
    pipes.add(pipe);
    let groups = this.groupsOf.get(pipe);
    if (groups === undefined) this.groupsOf.set(pipe, (groups = new Set()));
    groups.add(key);
  }

  leave(pipe: Pipe, group: Buffer): void {
    const key = group.toString("latin1");
    this.remove(pipe, key);
    this.groupsOf.get(pipe)?.delete(key);
  }

  /** Forgets every group `pipe` joined. */
  forget(pipe: Pipe): void {
    const groups = this.groupsOf.get(pipe);
    if (groups === undefined) return;
    this.groupsOf.delete(pipe);
    for (const key of groups) this.remove(pipe, key);
  }

  /** How many groups `pipe` joined. */
  countOf(pipe: Pipe): number {
    return this.groupsOf.get(pipe)?.size ?? 0;
  }

  /** Whether `pipe` joined `group`. */
  holds(pipe: Pipe, group: Buffer): boolean {
    return this.groupsOf.get(pipe)?.has(group.toString("latin1")) ?? false;
  }

  /** Calls `each` for every pipe that joined `group`. */
  forEachMember(group: Buffer, each: (pipe: Pipe) => void): void {
    const pipes = this.members.get(group.toString("latin1"));
    if (pipes !== undefined) for (const pipe of pipes) each(pipe);
  }

  private remove(pipe: Pipe, key: string): void {
    const pipes = this.members.get(key);
    if (pipes === undefined) return;
    pipes.delete(pipe);
    if (pipes.size === 0) this.members.delete(key);
  }
}
