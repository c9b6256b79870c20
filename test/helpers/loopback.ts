/**
 * Loopback endpoints for socket tests: binding on an ephemeral 127.0.0.1 port, and whether IPv6 loopback
 * (::1) can be used on this machine at all.
 */
import net from "node:net";

/** What `bindLoopback` needs; zmtp and zeromq.js sockets both fit. */
export interface Bindable {
  bind(endpoint: string): Promise<void>;
  readonly lastEndpoint: string | null;
}

/** Binds `socket` on an ephemeral port of 127.0.0.1 and returns the endpoint to connect to. */
export async function bindLoopback(socket: Bindable): Promise<string> {
  await socket.bind("tcp://127.0.0.1:0");
  const endpoint = socket.lastEndpoint;
  if (endpoint === null) throw new Error("bound, but lastEndpoint is null");
  return endpoint;
}

/** Whether a plain listen on ::1 succeeds here (it fails with EADDRNOTAVAIL where IPv6 is disabled). */
async function canListenOnIpv6Loopback(): Promise<boolean> {
  const probe = net.createServer();
  const listening = await new Promise<boolean>((resolve) => {
    probe.once("error", () => {
      resolve(false);
    });
    probe.listen({ host: "::1", port: 0 }, () => {
      resolve(true);
    });
  });
  if (listening) await new Promise((resolve) => probe.close(resolve));
  return listening;
}

/**
 * Whether ::1 can be bound on this machine (containers often have IPv6 disabled), probed once when this
 * module loads so that tests can be declared `it.skipIf(!hasIpv6)(…)`: reported as skipped, not passed.
 */
export const hasIpv6: boolean = await canListenOnIpv6Loopback();
