import type { Pipe } from "../pipe/pipe.js";

/**
 * Pipes in one array with the active ones first (libzmq's array_t trick): activating or deactivating a pipe
 * is a swap, and the strategies iterate only over `items[0 .. active)`.
 */
export class ActiveSet {
  readonly items: Pipe[] = [];
  active = 0;
  private readonly index = new Map<Pipe, number>();

  get size(): number {
    return this.items.length;
  }

  has(pipe: Pipe): boolean {
    return this.index.has(pipe);
  }

  isActive(pipe: Pipe): boolean {
    const at = this.index.get(pipe);
    return at !== undefined && at < this.active;
  }

  /** Adds a pipe, active or not. */
  add(pipe: Pipe, active: boolean): void {
    if (this.index.has(pipe)) return;
    this.index.set(pipe, this.items.length);
    this.items.push(pipe);
    if (active) this.activate(pipe);
  }

  activate(pipe: Pipe): void {
    const at = this.index.get(pipe);
    if (at === undefined || at < this.active) return;
    this.swap(at, this.active);
    this.active++;
  }

  deactivate(pipe: Pipe): void {
    const at = this.index.get(pipe);
    if (at === undefined || at >= this.active) return;
    this.active--;
    this.swap(at, this.active);
  }

  remove(pipe: Pipe): void {
    if (!this.index.has(pipe)) return;
    this.deactivate(pipe);
    const at = this.index.get(pipe)!;
    const last = this.items.length - 1;
    this.swap(at, last);
    this.items.pop();
    this.index.delete(pipe);
  }

  private swap(a: number, b: number): void {
    if (a === b) return;
    const items = this.items;
    const pa = items[a]!;
    const pb = items[b]!;
    items[a] = pb;
    items[b] = pa;
    this.index.set(pb, a);
    this.index.set(pa, b);
  }
}
