/**
 * What the programs that tests run inside a private network namespace share (the programs folders under test/): running
 * a set-up command, and waiting with a ref'd timer (zmtp's sockets never keep a process alive, so the wait
 * must).
 */
import { execFileSync } from "node:child_process";

/** Runs a command (ip, nft…), its output to this process's. */
export function run(command: string, ...args: string[]): void {
  execFileSync(command, args, { stdio: "inherit" });
}

/** `promise`, or a rejection naming `label` after `ms`; the timer is ref'd on purpose. */
export function refWithin<T>(promise: Promise<T>, label: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`timed out waiting for ${label}`));
      }, ms);
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}
