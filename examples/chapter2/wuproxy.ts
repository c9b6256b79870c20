/**
 * Weather update proxy (the guide's wuproxy, chapter 2): an XSUB socket connected to the weather server
 * (tcp://192.168.55.210:5556 in the guide), an XPUB socket bound to the proxy's own public endpoint
 * (tcp://10.1.1.0:8100), and a Proxy between them. Updates flow down to the proxy's subscribers, and their
 * subscriptions flow up to the server, so the server still filters at the source.
 *
 *   WEATHER_ENDPOINT=tcp://localhost:5556 PROXY_ENDPOINT=tcp://*:8100 npx tsx examples/chapter2/wuproxy.ts
 *
 * The guide's addresses belong to its imaginary network: on one machine, point WEATHER_ENDPOINT at a
 * wuserver.ts (chapter 1) and give PROXY_ENDPOINT a local one, as above; then run wuclient.ts (chapter 1)
 * with WEATHER_ENDPOINT=tcp://localhost:8100. Ctrl-C (SIGINT) or SIGTERM terminates the proxy.
 */
import { Proxy, XPublisher, XSubscriber } from "../../src/index.js";

const weatherEndpoint = process.env.WEATHER_ENDPOINT ?? "tcp://192.168.55.210:5556";
const proxyEndpoint = process.env.PROXY_ENDPOINT ?? "tcp://10.1.1.0:8100";

const proxy = new Proxy(new XSubscriber(), new XPublisher());
//  This is where the weather server sits
proxy.frontEnd.connect(weatherEndpoint);
//  This is our public endpoint for subscribers
await proxy.backEnd.bind(proxyEndpoint);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    proxy.terminate();
  });
}

//  Run the proxy until the user interrupts us
await proxy.run();
