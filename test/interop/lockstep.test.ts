/**
 * The full 10,000-message run for the strictly alternating REQ pairs. The matrix (helpers.ts) runs 1,000
 * round trips per REQ placement over tcp and ipc to keep its time down; here each REQ pair runs 10,000 in
 * every placement over tcp: zmtp as requester or as replier, each end binding in turn.
 */
import { describe, expect, test } from "vitest";
import { link, PAIRS, sequenceDiff, streamSequence, useIpcDir, useSockets, type Impl } from "./helpers.js";

const socket = useSockets();
const ipcEndpoint = useIpcDir();

const N = 10_000;

describe.each(PAIRS.filter((spec) => spec.lockstep).map((spec) => [spec.name, spec] as const))(
  "%s over tcp",
  (_name, spec) => {
    const placements: readonly (readonly [Impl, Impl, string])[] = [
      ["zmtp", "libzmq", spec.b],
      ["libzmq", "zmtp", spec.b],
      ["zmtp", "libzmq", spec.a],
      ["libzmq", "zmtp", spec.a],
    ];
    const title = `%s ${spec.a} <-> %s ${spec.b}, the %s binding: ${N} round trips in order`;
    test.each(placements)(title, { timeout: 30_000 }, async (implA, implB, binds) => {
      const a = socket(implA, spec.a);
      const b = socket(implB, spec.b);
      if (binds === spec.b) await link(b, a, "tcp", ipcEndpoint);
      else await link(a, b, "tcp", ipcEndpoint);
      const { atB, atA } = await streamSequence(spec, a, b, N);
      expect(sequenceDiff(atB, N)).toBeUndefined();
      expect(sequenceDiff(atA, N)).toBeUndefined();
    });
  },
);
