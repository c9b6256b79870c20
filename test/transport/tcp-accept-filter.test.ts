/**
 * ZMQ_TCP_ACCEPT_FILTER: a bound socket accepts tcp connections only from the listed addresses; a refused
 * connection is closed at once and reported as `accept:error` (libzmq src/tcp_listener.cpp). Peers here are
 * libzmq (zeromq.js) and zmtp, all on 127.0.0.1.
 */
import { describe, expect, it } from "vitest";
import * as zmq from "zeromq";
import { Pull, Push, type Event } from "../../src/index.js";
import { errorCode, thrownBy } from "../helpers/errors.js";
import { socketTracker } from "../helpers/socket-tracker.js";
import { within } from "../helpers/wait.js";

const track = socketTracker();

function nextAcceptEvent(pull: Pull): Promise<Event> {
  return new Promise((resolve) => {
    const listener = (event: Event): void => {
      pull.events.off("accept", listener);
      pull.events.off("accept:error", listener);
      resolve(event);
    };
    pull.events.on("accept", listener);
    pull.events.on("accept:error", listener);
  });
}

describe("tcpAcceptFilter", () => {
  it("adds a filter per assignment, reads back the list, clears with null, refuses bad values", () => {
    const pull = track(new Pull());
    expect(pull.tcpAcceptFilter).toBeNull();
    pull.tcpAcceptFilter = "10.0.0.0/8";
    pull.tcpAcceptFilter = "::1";
    expect(pull.tcpAcceptFilter).toBe("10.0.0.0/8,::1");
    pull.tcpAcceptFilter = null;
    expect(pull.tcpAcceptFilter).toBeNull();
    expect(errorCode(thrownBy(() => (pull.tcpAcceptFilter = "foo")))).toBe("EINVAL");
    expect(errorCode(thrownBy(() => (pull.tcpAcceptFilter = "10.0.0.0/33")))).toBe("EINVAL");
    expect(thrownBy(() => (pull.tcpAcceptFilter = 5 as never))).toBeInstanceOf(TypeError);
    expect(track(new Pull({ tcpAcceptFilter: "127.0.0.1" })).tcpAcceptFilter).toBe("127.0.0.1");
  });

  it("refuses a libzmq peer from outside the ranges (accept:error EACCES) and takes one from inside", async () => {
    const refusing = track(new Pull({ tcpAcceptFilter: "10.0.0.0/8" }));
    await refusing.bind("tcp://127.0.0.1:0");
    const refused = nextAcceptEvent(refusing);
    const outsider = new zmq.Push({ linger: 0, reconnectInterval: 10_000 });
    const insider = new zmq.Push({ linger: 0 });
    try {
      outsider.connect(refusing.lastEndpoint!);
      const event = await within(refused, "accept:error");
      expect(event.type).toBe("accept:error");
      expect(errorCode((event as { error: Error }).error)).toBe("EACCES");

      const accepting = track(new Pull({ tcpAcceptFilter: "127.0.0.0/8" }));
      await accepting.bind("tcp://127.0.0.1:0");
      const accepted = nextAcceptEvent(accepting);
      insider.connect(accepting.lastEndpoint!);
      expect((await within(accepted, "accept")).type).toBe("accept");
      await insider.send("through the filter");
      expect((await within(accepting.receive(), "message")).map(String)).toEqual(["through the filter"]);
    } finally {
      outsider.close();
      insider.close();
    }
  });

  it("applies the filters set before bind; null before bind lets everyone in", async () => {
    const pull = track(new Pull());
    pull.tcpAcceptFilter = "10.0.0.1";
    pull.tcpAcceptFilter = null;
    await pull.bind("tcp://127.0.0.1:0");
    const push = track(new Push());
    const accepted = nextAcceptEvent(pull);
    push.connect(pull.lastEndpoint!);
    expect((await within(accepted, "accept")).type).toBe("accept");
    await push.send("open");
    expect((await within(pull.receive(), "message")).map(String)).toEqual(["open"]);
  });
});
