/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core, with the
 * flags this machine needs (no network, so nothing may try to reach one) and a fresh profile each launch.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether a Chromium is installed here. */
export const hasChromium = fs.existsSync(CHROMIUM);

/** In CI the browser tests must run (a missing Chromium fails them); elsewhere they skip without one. */
export const runBrowserTests = hasChromium || process.env.CI !== undefined;

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!hasChromium) throw new Error(`no Chromium at ${CHROMIUM} (CI installs Debian's chromium in .ci/run)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
