/**
 * epgm:// endpoints and what is refused before any socket opens (no datagram is ever sent here): libzmq's
 * endpoint syntax, pgm:// (raw IP sockets, which Node.js lacks) refused with EPROTONOSUPPORT naming epgm://,
 * socket types other than PUB, XPUB, SUB, XSUB (ENOCOMPATPROTO), an unknown interface, a TPDU too small, and
 * the options' ranges.
 */
import { describe, expect, it } from "vitest";
import { Dealer, Publisher, Pull, Push, Subscriber, XPublisher, ZmqError } from "../../src/index.js";
import { parseEndpoint } from "../../src/transport/endpoint.js";
import { socketTracker } from "../helpers/socket-tracker.js";

const track = socketTracker();

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("epgm:// endpoints (src/pgm_socket.cpp init_address)", () => {
  it("reads interface; group : port, the interface as a name, an address, or empty", () => {
    expect(parseEndpoint("epgm://eth0;239.192.1.1:5555")).toEqual({ transport: "epgm", iface: "eth0", group: "239.192.1.1", port: 5555 });
    expect(parseEndpoint("epgm://192.168.1.1;239.192.1.1:5555")).toEqual({ transport: "epgm", iface: "192.168.1.1", group: "239.192.1.1", port: 5555 });
    expect(parseEndpoint("epgm://;224.0.0.251:1")).toEqual({ transport: "epgm", iface: "", group: "224.0.0.251", port: 1 });
  });

  it("refuses what it cannot honour, with EINVAL and the reason: no port, no group, a unicast group, lists, IPv6", () => {
    for (const [endpoint, why] of [
      ["epgm://eth0;239.192.1.1", /missing port/],
      ["epgm://eth0;239.192.1.1:0", /port must be/],
      ["epgm://eth0;239.192.1.1:65536", /port must be/],
      ["epgm://eth0;239.192.1.1:*", /port must be/],
      ["epgm://239.192.1.1:5555", /one interface and one group/],
      ["epgm://eth0;10.0.0.1:5555", /not an IPv4 multicast group/],
      ["epgm://eth0;239.192.1.1,239.192.1.2:5555", /one multicast group only/],
      ["epgm://eth0;239.192.1.1;239.192.1.2:5555", /one interface and one group/],
      ["epgm://;[ff02::1]:5555", /IPv6/],
      ["epgm://239.192.1.1;eth0:5555", /not an IPv4 multicast group/],
    ] as const) {
      const err = thrownBy(() => parseEndpoint(endpoint));
      expect(err, endpoint).toBeInstanceOf(ZmqError);
      expect(err, endpoint).toMatchObject({ code: "EINVAL", message: expect.stringMatching(why) as unknown });
    }
  });

  it("pgm:// is EPROTONOSUPPORT, naming epgm:// (Node.js has no raw sockets for IP protocol 113)", () => {
    const err = thrownBy(() => parseEndpoint("pgm://eth0;239.192.1.1:5555"));
    expect(err).toMatchObject({ code: "EPROTONOSUPPORT", message: expect.stringContaining("epgm://") as unknown });
    const pub = track(new Publisher());
    expect(thrownBy(() => {
      pub.connect("pgm://eth0;239.192.1.1:5555");
    })).toMatchObject({ code: "EPROTONOSUPPORT" });
  });

  it("only PUB, XPUB, SUB and XSUB take epgm (src/socket_base.cpp check_protocol): others get ENOCOMPATPROTO at once", async () => {
    for (const socket of [track(new Push()), track(new Pull()), track(new Dealer())]) {
      expect(thrownBy(() => {
        socket.connect("epgm://127.0.0.1;239.192.1.1:5555");
      })).toMatchObject({ code: "ENOCOMPATPROTO" });
      await expect(socket.bind("epgm://127.0.0.1;239.192.1.1:5555")).rejects.toMatchObject({ code: "ENOCOMPATPROTO" });
    }
  });

  it("an interface this host does not have is EINVAL before anything opens (libzmq: pgm_getaddrinfo fails)", async () => {
    const sub = track(new Subscriber());
    expect(thrownBy(() => {
      sub.connect("epgm://no-such-interface0;239.192.1.1:5555");
    })).toMatchObject({ code: "EINVAL", message: expect.stringContaining("no-such-interface0") as unknown });
    await expect(sub.bind("epgm://192.0.2.77;239.192.1.1:5555")).rejects.toMatchObject({ code: "EINVAL" });
  });

  it("a multicastMaxTransportDataUnit too small for a PGM packet is EINVAL at connect", () => {
    const pub = track(new Publisher({ multicastMaxTransportDataUnit: 40 }));
    expect(thrownBy(() => {
      pub.connect("epgm://127.0.0.1;239.192.1.1:5555");
    })).toMatchObject({ code: "EINVAL", message: expect.stringContaining("multicastMaxTransportDataUnit") as unknown });
  });
});

describe("epgm's options, with zeromq.js's names and libzmq's ranges and defaults", () => {
  it("rate, recoveryInterval and multicastMaxTransportDataUnit on every socket; multicastHops on Publisher and XPublisher", () => {
    const pub = track(new Publisher({ rate: 5000, recoveryInterval: 2000, multicastHops: 4, multicastMaxTransportDataUnit: 9000 }));
    expect([pub.rate, pub.recoveryInterval, pub.multicastHops, pub.multicastMaxTransportDataUnit]).toEqual([5000, 2000, 4, 9000]);
    const sub = track(new Subscriber());
    expect([sub.rate, sub.recoveryInterval, sub.multicastMaxTransportDataUnit]).toEqual([100, 10000, 1500]);
    expect(track(new XPublisher()).multicastHops).toBe(1);
  });

  it("refuses what libzmq refuses (rate ≤ 0, recovery interval < 0, TPDU ≤ 0) and a TTL above 255", () => {
    const pub = track(new Publisher());
    for (const [name, value] of [["rate", 0], ["recoveryInterval", -1], ["multicastMaxTransportDataUnit", 0], ["multicastHops", 0], ["multicastHops", 256]] as const) {
      expect(thrownBy(() => ((pub as unknown as Record<string, number>)[name] = value)), `${name} = ${value}`).toMatchObject({ code: "EINVAL" });
    }
    expect(pub.recoveryInterval).toBe(10000);
    pub.recoveryInterval = 0;
    expect(pub.recoveryInterval).toBe(0);
  });
});
