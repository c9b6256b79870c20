import type { Pipe, PipeOwner } from "../../src/pipe/pipe.js";

export type PipeEventKind = "readable" | "writable" | "terminated" | "reconnected";

export interface PipeEvent {
  kind: PipeEventKind;
  pipe: Pipe;
}

/** What a test's owner does besides recording (a socket that pumps its sends, an engine that encodes). */
export interface OwnerHooks {
  readable?: (pipe: Pipe) => void;
  writable?: (pipe: Pipe) => void;
  terminated?: (pipe: Pipe) => void;
  reconnected?: (pipe: Pipe) => void;
}

/**
 * A PipeOwner that writes down what it is told, in order, then runs the test's hook for it. It also notes
 * whether it was ever re-entered: told something while still handling an earlier notification, which the
 * pipe design rules out (readable comes from the writer's `write()`, writable a microtask later).
 */
export class RecordingOwner implements PipeOwner {
  readonly events: PipeEvent[] = [];
  /** Set if a notification arrived while another one to this owner was still being handled. */
  reentered = false;
  private depth = 0;

  constructor(private readonly hooks: OwnerHooks = {}) {}

  /** The kinds of the events so far, in order. */
  get kinds(): PipeEventKind[] {
    return this.events.map((e) => e.kind);
  }

  count(kind: PipeEventKind): number {
    return this.events.filter((e) => e.kind === kind).length;
  }

  clear(): void {
    this.events.length = 0;
  }

  pipeReadable(pipe: Pipe): void {
    this.record("readable", pipe, this.hooks.readable);
  }

  pipeWritable(pipe: Pipe): void {
    this.record("writable", pipe, this.hooks.writable);
  }

  pipeTerminated(pipe: Pipe): void {
    this.record("terminated", pipe, this.hooks.terminated);
  }

  pipeReconnected(pipe: Pipe): void {
    this.record("reconnected", pipe, this.hooks.reconnected);
  }

  private record(kind: PipeEventKind, pipe: Pipe, hook: ((pipe: Pipe) => void) | undefined): void {
    if (this.depth > 0) this.reentered = true;
    this.events.push({ kind, pipe });
    this.depth++;
    try {
      hook?.(pipe);
    } finally {
      this.depth--;
    }
  }
}

/** Attaches a new RecordingOwner to `pipe` and returns it. */
export function recordOwner(pipe: Pipe, hooks?: OwnerHooks): RecordingOwner {
  const owner = new RecordingOwner(hooks);
  pipe.attach(owner);
  return owner;
}
