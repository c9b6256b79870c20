/**
 * Running proxies in tests: each started proxy is terminated after its test (if still running) and its
 * `run()` awaited, so no test leaves a proxy, its sockets or a stray rejection behind.
 */
import { afterEach } from "vitest";
import type { Proxy } from "../../src/index.js";
import { within } from "../helpers/wait.js";

export interface RunningProxy {
  /** `run()`'s outcome, settled: undefined when it resolved, else the error it rejected with. */
  readonly outcome: Promise<Error | undefined>;
  /** Terminates the proxy (if it still runs) and resolves with `run()`'s outcome (bounded). */
  stop(): Promise<Error | undefined>;
}

export function useProxies(): (proxy: Proxy) => RunningProxy {
  const running: RunningProxy[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });
  return (proxy) => {
    const outcome = proxy.run().then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    );
    let ended = false;
    void outcome.then(() => (ended = true));
    const handle: RunningProxy = {
      outcome,
      stop: async () => {
        if (!ended) {
          try {
            proxy.terminate();
          } catch {
            // It ended on its own in the meantime (a closed side, a failure): its outcome says how.
          }
        }
        return within(outcome, "run() to settle after terminate()", 5000);
      },
    };
    running.push(handle);
    return handle;
  };
}

export type Proto = "tcp" | "ipc" | "inproc";
export const PROTOS: readonly Proto[] = ["tcp", "ipc", "inproc"];

let inprocCounter = 0;

/**
 * A fresh endpoint to bind for `proto` (tcp: an ephemeral loopback port; ipc: a path from `ipcPath`, e.g.
 * test/interop/helpers.ts's useIpcDir(); inproc: a unique name). Connect to the socket's lastEndpoint.
 */
export function bindEndpoint(proto: Proto, ipcPath: () => string): string {
  if (proto === "tcp") return "tcp://127.0.0.1:0";
  if (proto === "ipc") return ipcPath();
  return `inproc://proxy-test-${process.pid}-${++inprocCounter}`;
}
