/** transport/udp.ts on its own: node:dgram sockets opened as libzmq opens them, carrying opaque datagrams. */
import { describe, expect, it } from "vitest";
import { parseUdp } from "../../src/transport/udp-endpoint.js";
import { dialUdp, listenUdp, type UdpOptions } from "../../src/transport/udp.js";
import { within } from "../helpers/wait.js";

const OPTIONS: UdpOptions = { ipv6: false, multicastHops: 1, multicastLoop: true };

function endpoint(text: string) {
  return parseUdp(text, text.slice("udp://".length));
}

describe("udp sockets", () => {
  it("a bound socket reports its real port; a dialled one resolves its destination once and gathers chunks", async () => {
    const listener = await listenUdp("udp://localhost:*", endpoint("udp://localhost:*"), OPTIONS);
    const { socket, destination } = await dialUdp(listener.endpoint, endpoint(listener.endpoint), OPTIONS);
    try {
      expect(listener.endpoint).toMatch(/^udp:\/\/127\.0\.0\.1:\d+$/);
      expect(listener.family).toBe(4);
      expect(destination).toEqual({ address: "127.0.0.1", port: Number(listener.endpoint.split(":").pop()) });
      const received = new Promise<[string, string]>((resolve) => {
        listener.setReceiver((datagram, address) => {
          resolve([datagram.toString(), address]);
        });
      });
      const sent = new Promise<Error | null>((resolve) => {
        socket.send([Buffer.from("one "), new Uint8Array([116, 119, 111])], destination.port, destination.address, resolve);
      });
      expect(await within(sent, "the send's outcome", 5000)).toBeNull();
      expect(await within(received, "the datagram", 5000)).toEqual(["one two", "127.0.0.1"]);
    } finally {
      await socket.close();
      await listener.close();
    }
  });

  it("a send on a closed socket is reported to its callback, never thrown", async () => {
    const listener = await listenUdp("udp://127.0.0.1:*", endpoint("udp://127.0.0.1:*"), OPTIONS);
    await listener.close();
    await listener.close();
    const outcome = await new Promise<Error | null>((resolve) => {
      listener.send([Buffer.from("late")], 9, "127.0.0.1", resolve);
    });
    expect(outcome).toBeInstanceOf(Error);
  });

  it("a name that does not resolve is EADDRNOTAVAIL", async () => {
    await expect(dialUdp("udp://host.invalid:5555", endpoint("udp://host.invalid:5555"), OPTIONS)).rejects.toMatchObject({ code: "EADDRNOTAVAIL" });
    await expect(listenUdp("udp://host.invalid:5555", endpoint("udp://host.invalid:5555"), OPTIONS)).rejects.toMatchObject({ code: "EADDRNOTAVAIL" });
  });

  it("an interface and a group of different families is EINVAL", async () => {
    await expect(listenUdp("udp://127.0.0.1;[ff02::1]:5555", endpoint("udp://127.0.0.1;[ff02::1]:5555"), OPTIONS)).rejects.toMatchObject({ code: "EINVAL" });
  });
});
