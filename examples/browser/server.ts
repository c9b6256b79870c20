/**
 * The Node side of the browser example: one http.Server serves the page and, on the same port, ZeroMQ over
 * WebSockets (attachHttpServer): a ROUTER that echoes at /zmq/router and a PUB at /zmq/pub.
 *
 *   npx tsx examples/browser/server.ts      then open http://127.0.0.1:8080/
 *
 * test/browser/chromium.test.ts runs it (startServer) and opens the page in headless Chromium.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { browserBuild } from "../../browser.config.js";
import { attachHttpServer, Publisher, Router } from "../../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The page's script for the browser. In your app: `esbuild page.ts --bundle --platform=browser` (zmtp's browser build comes by itself). */
async function bundlePage(): Promise<string> {
  const result = await build({ ...browserBuild, entryPoints: [path.join(here, "page.ts")], write: false });
  return result.outputFiles[0]!.text;
}

export interface ExampleServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startServer(port = 8080, host = "127.0.0.1"): Promise<ExampleServer> {
  const app = await bundlePage();
  const page = fs.readFileSync(path.join(here, "index.html"));
  const server = http.createServer((req, res) => {
    if (req.url === "/app.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(app);
    else if (req.url?.split("?")[0] === "/") res.writeHead(200, { "Content-Type": "text/html" }).end(page);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as { port: number };
  const detach = attachHttpServer(server);

  const router = new Router();
  await router.bind(`ws://${host}:${bound}/zmq/router`);
  const publisher = new Publisher();
  await publisher.bind(`ws://${host}:${bound}/zmq/pub`);

  let running = true;
  const echo = (async () => {
    for await (const message of router) await router.send(message);
  })().catch(() => undefined);
  const publish = (async () => {
    for (let i = 0; running; i++) {
      await publisher.send(["weather", `sunny ${i}`]);
      await publisher.send(["news", `item ${i}`]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  return {
    url: `http://${host}:${bound}/`,
    async close() {
      running = false;
      await publish;
      router.close();
      publisher.close();
      await echo;
      detach();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer(Number(process.env.PORT ?? 8080));
  console.log(`open ${server.url}`);
}
