/**
 * A connect() that throws (EINVAL for tcp://host:0, tcp://*:port, ipc://*) leaves the socket as it was: no
 * pipe of a dialer that never ran stays in the load balancer to swallow every other message.
 */
import { describe, expect, it } from "vitest";
import { Pull, Push, ZmqError } from "../../src/index.js";
import { settle, within } from "../helpers/wait.js";

describe("a connect that throws leaves no pipe behind", () => {
  for (const bad of ["tcp://127.0.0.1:0", "tcp://*:5555", "ipc://*"]) {
    it(`PUSH after connect(${bad}) threw: every message reaches the real peer`, async () => {
      const pull = new Pull({ linger: 0, receiveTimeout: 1000 });
      await pull.bind("tcp://127.0.0.1:0");
      const push = new Push({ linger: 0 });
      expect(() => { push.connect(bad); }).toThrow(ZmqError);
      push.connect(pull.lastEndpoint!);
      await settle(20);
      for (let i = 0; i < 10; i++) await push.send(String(i));
      const got: string[] = [];
      for (let i = 0; i < 10; i++) got.push(String((await within(pull.receive(), `message ${i}`))[0]));
      expect(got).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
      await Promise.all([push.closeAndWait(), pull.closeAndWait()]);
    });
  }
});
