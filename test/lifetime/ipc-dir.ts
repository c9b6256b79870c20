/** ipc endpoints in a fresh temporary directory per test, removed after it. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** An `ipc://` endpoint nobody listens on yet, in a directory of its own. */
export function ipcEndpoint(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-lifetime-"));
  dirs.push(dir);
  return `ipc://${path.join(dir, "sock")}`;
}
