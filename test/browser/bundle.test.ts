/**
 * zmtp's browser build (browser.config.ts; issue 21 item 2): the bundle of src/index.ts imports no `node:`
 * module; a page's own bundler takes it through package.json's `browser` condition with no plugin and no
 * Node shim; and it runs on web-platform globals alone (no Buffer, no process, no setImmediate), here in a
 * bare vm context: inproc messages, z85 and curveKeyPair, and EPROTONOSUPPORT for tcp.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { browserBuild } from "../../browser.config.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-browser-bundle-"));
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

async function browserBundle(format: "esm" | "iife"): Promise<{ text: string; inputs: string[] }> {
  const result = await build({
    ...browserBuild,
    format,
    ...(format === "iife" ? { globalName: "zmtp" } : {}),
    entryPoints: [path.join(ROOT, "src/index.ts")],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return { text: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

describe("zmtp's browser build", () => {
  it("imports no node: module: what needs Node is swapped (the build fails on anything unlisted)", async () => {
    const { text, inputs } = await browserBundle("esm");
    expect(inputs.filter((input) => input.startsWith("node:") || input.includes("(disabled)"))).toEqual([]);
    expect(text).not.toMatch(/\bfrom\s*["']node:|require\(["']/);
    // The transports a page cannot use are stubs; ws:// is the page's own WebSocket.
    expect(inputs).toContain("zmtp-node-only:" + path.join(ROOT, "src/transport/tcp.ts"));
    expect(inputs).toContain("src/browser/ws-transport.ts");
    expect(inputs).not.toContain("src/transport/websocket/ws-connection.ts");
  });

  it("a page's bundler takes it through package.json's browser condition, with no plugin and no shim", async () => {
    const pkg = path.join(work, "node_modules", "zmtp");
    fs.mkdirSync(path.join(pkg, "dist", "browser"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
    fs.writeFileSync(path.join(pkg, "dist", "browser", "index.js"), (await browserBundle("esm")).text);
    const app = path.join(work, "app.js");
    fs.writeFileSync(app, 'import { Dealer, Subscriber } from "zmtp";\nexport const made = [new Dealer(), new Subscriber()];\n');
    const result = await build({ absWorkingDir: work, entryPoints: [app], bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent" });
    expect(Object.keys(result.metafile.inputs)).toContain("node_modules/zmtp/dist/browser/index.js");
    expect(result.outputFiles[0]!.text).not.toMatch(/\bfrom\s*["']node:/);
  });

  it("runs on web-platform globals alone: inproc, z85, curveKeyPair; tcp refused with EPROTONOSUPPORT", async () => {
    const { text } = await browserBundle("iife");
    const context = vm.createContext({
      console,
      TextEncoder,
      TextDecoder,
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      queueMicrotask,
      MessageChannel,
      performance,
      crypto: globalThis.crypto,
      atob,
      btoa,
    });
    vm.runInContext(`${text};\nglobalThis.zmtp = zmtp;`, context);
    const run = vm.runInContext(
      `(async () => {
        const { Pair, Push, curveKeyPair, z85 } = zmtp;
        const a = new Pair(), b = new Pair({ receiveTimeout: 1000 });
        await a.bind("inproc://page");
        b.connect("inproc://page");
        await a.send(["hello", "page"]);
        const got = (await b.receive()).map((f) => f.toString()).join("|");
        a.close(); b.close();
        const keys = curveKeyPair();
        let tcp = "no error";
        try { new Push().connect("tcp://127.0.0.1:5555"); } catch (err) { tcp = err.code; }
        return { got, keyLength: z85.decode(keys.publicKey).length, tcp, noBuffer: typeof Buffer, noProcess: typeof process };
      })()`,
      context,
    ) as Promise<unknown>;
    expect(await run).toEqual({ got: "hello|page", keyLength: 32, tcp: "EPROTONOSUPPORT", noBuffer: "undefined", noProcess: "undefined" });
  });
});
