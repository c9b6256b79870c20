/**
 * zmtp in a real browser (issue 21 item 3): headless Chromium opens examples/browser's page, served by its
 * Node server (examples/browser/server.ts). The page's DEALER talks to a ROUTER and its SUB listens to a PUB
 * with a filter, multipart and a 100 KB frame included, against zmtp in Node (on the page's own http.Server)
 * and against libzmq 4.3.5's ws:// transport (the zeromq package, bound here). Then page-checks.ts: CURVE from
 * the page, inproc inside it, and the refusals of what needs Node. Skipped only where there is no Chromium
 * and this is not CI; in CI a missing Chromium fails.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { browserBuild } from "../../browser.config.js";
import { startServer, type ExampleServer } from "../../examples/browser/server.js";
import * as zmtp from "../../src/index.js";
import { launchChromium, runBrowserTests, type Browser } from "../helpers/chromium.js";
import type { CheckArgs } from "./page-checks.js";

interface Outcome {
  ok: boolean;
  log: string[];
}

const TIMEOUT = 60_000;

describe("the browser example in headless Chromium", () => {
  let server: ExampleServer | undefined;
  let browser: Browser | undefined;
  const libzmqRouter = new zmq.Router({ linger: 0 });
  const libzmqPub = new zmq.Publisher({ linger: 0 });
  let running = true;
  let loops: Promise<unknown>[] = [];

  beforeAll(async () => {
    if (!runBrowserTests) return;
    await libzmqRouter.bind("ws://127.0.0.1:*/router");
    await libzmqPub.bind("ws://127.0.0.1:*/pub");
    loops = [
      (async () => {
        for await (const message of libzmqRouter) await libzmqRouter.send(message);
      })().catch(() => undefined),
      (async () => {
        for (let i = 0; running; i++) {
          await libzmqPub.send(["weather", `cloudy ${i}`]);
          await libzmqPub.send(["news", `libzmq item ${i}`]);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })(),
    ];
    server = await startServer(0);
    browser = await launchChromium();
  }, TIMEOUT);

  afterAll(async () => {
    running = false;
    await browser?.close();
    await server?.close();
    libzmqRouter.close();
    libzmqPub.close();
    await Promise.all(loops);
  }, TIMEOUT);

  it.skipIf(!runBrowserTests)(
    "DEALER↔ROUTER (multipart, 100 KB) and SUB←PUB (filtered) against zmtp and libzmq (skipped: no /usr/bin/chromium and not in CI)",
    async () => {
      const page = await browser!.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(String(err)));
      const query = new URLSearchParams({ libzmqRouter: libzmqRouter.lastEndpoint!, libzmqPub: libzmqPub.lastEndpoint! });
      await page.goto(`${server!.url}?${query.toString()}`);
      const outcome = (await page.evaluate(() => (globalThis as unknown as { zmtpDone: Promise<unknown> }).zmtpDone)) as Outcome;
      expect(errors).toEqual([]);
      expect(outcome.log).toContain("zmtp ROUTER echoed: hello||from the page");
      expect(outcome.log).toContain("zmtp ROUTER echoed 102400 bytes: identical");
      expect(outcome.log).toContain("libzmq ROUTER echoed: hello||from the page");
      expect(outcome.log).toContain("libzmq ROUTER echoed 102400 bytes: identical");
      expect(outcome.log.filter((line) => line.startsWith("zmtp SUB got news: item "))).toHaveLength(3);
      expect(outcome.log.filter((line) => line.startsWith("libzmq SUB got news: libzmq item "))).toHaveLength(3);
      expect(outcome, outcome.log.join("\n")).toMatchObject({ ok: true });
      // The page's text shows the same.
      expect(await page.textContent("#log")).toContain("all done");
      await page.close();
    },
    TIMEOUT,
  );
});

describe("what a page can and cannot do, in headless Chromium", () => {
  let browser: Browser | undefined;
  const keys = zmtp.curveKeyPair();
  const curveRouter = new zmtp.Router({ curveServer: true, curveSecretKey: keys.secretKey, curvePublicKey: keys.publicKey, linger: 0 });
  let echo: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    if (!runBrowserTests) return;
    await curveRouter.bind("ws://127.0.0.1:0/curve");
    echo = (async () => {
      for await (const message of curveRouter) await curveRouter.send(message);
    })().catch(() => undefined);
    browser = await launchChromium();
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    curveRouter.close();
    await echo;
  }, TIMEOUT);

  it.skipIf(!runBrowserTests)(
    "CURVE to zmtp, inproc in the page; tcp, ipc, udp and bind refused with EPROTONOSUPPORT (skipped: no /usr/bin/chromium and not in CI)",
    async () => {
      const here = path.dirname(fileURLToPath(import.meta.url));
      const bundle = await build({ ...browserBuild, format: "iife", entryPoints: [path.join(here, "page-checks.ts")], write: false });
      // Served from loopback: Chrome's local network access checks block about:blank from reaching 127.0.0.1.
      const html = `<!doctype html><script>${bundle.outputFiles[0]!.text}</script>`;
      const origin = http.createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(html));
      await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
      const page = await browser!.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(String(err)));
      await page.goto(`http://127.0.0.1:${(origin.address() as { port: number }).port}/`);
      origin.close();
      const args: CheckArgs = { curveEndpoint: curveRouter.lastEndpoint!, serverKey: keys.publicKey };
      const out = await page.evaluate(
        (a) => (globalThis as unknown as { runChecks(a: CheckArgs): Promise<Record<string, string>> }).runChecks(a),
        args,
      );
      expect(errors).toEqual([]);
      expect(out.curve).toBe("boxed|by CURVE");
      expect(out.inproc).toBe("inproc works");
      expect(out.bindWs).toMatch(/^EPROTONOSUPPORT: A page cannot accept connections/);
      expect(out.connectTcp).toMatch(/^EPROTONOSUPPORT: tcp:\/\/ needs Node\.js .*ws:\/\//);
      expect(out.bindTcp).toMatch(/^EPROTONOSUPPORT: tcp:\/\/ needs Node\.js/);
      expect(out.connectIpc).toMatch(/^EPROTONOSUPPORT: ipc:\/\/ needs Node\.js/);
      expect(out.connectUdp).toMatch(/^EPROTONOSUPPORT: udp:\/\/ needs Node\.js/);
      await page.close();
    },
    TIMEOUT,
  );
});
