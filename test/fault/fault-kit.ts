/**
 * Shared machinery for the fault (red-team) tests: a guard that fails a test when anything reaches
 * `uncaughtException` / `unhandledRejection`, raw node:net attackers that write hostile bytes at a bound
 * socket and see whether it hung up, and well-behaved traffic that must keep flowing while they do.
 */
import net from "node:net";
import { afterEach, beforeEach, expect } from "vitest";
import type { Socket } from "../../src/index.js";
import { delay, within } from "../helpers/wait.js";

/**
 * Registers hooks that record every uncaught exception and unhandled rejection during a test and fail the
 * test in afterEach if there was one. Returns the live list (a test may assert on it mid-way).
 */
export function useCrashGuard(): unknown[] {
  const seen: unknown[] = [];
  const onError = (err: unknown): void => {
    seen.push(err);
  };
  beforeEach(() => {
    seen.length = 0;
    process.on("uncaughtException", onError);
    process.on("unhandledRejection", onError);
  });
  afterEach(() => {
    process.off("uncaughtException", onError);
    process.off("unhandledRejection", onError);
    expect(seen.map(String), "uncaught exceptions / unhandled rejections").toEqual([]);
  });
  return seen;
}

/** The port of a `tcp://host:port` endpoint. */
export function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
}

export interface RawClient {
  readonly socket: net.Socket;
  /** Everything the zmtp side wrote to us. */
  received(): Buffer;
  /** Settles when the zmtp side hung up (end or close). */
  readonly hungUp: Promise<void>;
  readonly isHungUp: () => boolean;
}

/**
 * Registers an afterEach that destroys every raw client made, and returns a function that opens one to a
 * tcp endpoint (127.0.0.1 or ::1).
 */
export function useRawClients(): (endpoint: string, host?: string) => Promise<RawClient> {
  const open: net.Socket[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.destroy();
  });
  return async (endpoint, host = "127.0.0.1") => {
    const socket = net.connect({ host, port: portOf(endpoint) });
    open.push(socket);
    const chunks: Buffer[] = [];
    let hung = false;
    const hungUp = new Promise<void>((resolve) => {
      const done = (): void => {
        hung = true;
        resolve();
      };
      socket.once("end", done);
      socket.once("close", done);
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {
      // A reset from the zmtp side is an answer, not a test failure.
    });
    await within(
      new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("error", reject);
      }),
      "raw client connect",
    );
    return { socket, received: () => Buffer.concat(chunks), hungUp, isHungUp: () => hung };
  };
}

/** Writes each chunk, letting the event loop turn between them (so each one is a separate read). */
export async function writeChunks(socket: net.Socket, chunks: readonly Uint8Array[]): Promise<void> {
  for (const chunk of chunks) {
    if (socket.destroyed) return;
    socket.write(chunk);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Whether the zmtp side hangs up within `ms` (true), or not (false). Never rejects. */
export async function hangsUpWithin(client: RawClient, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    client.hungUp.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => { resolve(false); }, ms))),
  ]);
  clearTimeout(timer);
  return result;
}

/**
 * Well-behaved traffic running in the background: `round(i)` does one exchange and checks it. `stop()`
 * ends the loop and reports how many rounds completed and the first failure, if any.
 */
export function startTraffic(
  round: (i: number) => Promise<void>,
  label: string,
): { stop: () => Promise<{ rounds: number; error: unknown }> } {
  let running = true;
  let rounds = 0;
  let error: unknown;
  const loop = (async () => {
    while (running) {
      try {
        await within(round(rounds), `${label} round ${rounds}`, 4000);
      } catch (err) {
        error = err;
        return;
      }
      rounds++;
      // Let attackers have the event loop too.
      await delay(1);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { rounds, error };
    },
  };
}

/** Runs `tasks` with at most `width` at a time. */
export async function inBatches<T>(items: readonly T[], width: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await task(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** Closes sockets with linger 0 (for the end of a test that made its own). */
export async function closeAll(...sockets: Socket[]): Promise<void> {
  for (const s of sockets) s.linger = 0;
  await Promise.all(sockets.map((s) => s.closeAndWait()));
}
