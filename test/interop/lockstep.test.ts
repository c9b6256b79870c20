/**
 * The full 10,000-message run for the strictly alternating REQ pairs. The matrix (helpers.ts) runs 1,000
 * round trips per REQ placement to keep its time down; here each REQ pair runs 10,000 once per direction
 * (zmtp as requester, zmtp as replier), over tcp.
 */
import { describe, expect, test } from "vitest";
import { link, PAIRS, sequenceDiff, streamSequence, useIpcDir, useSockets, type Impl } from "./helpers.js";

const socket = useSockets();
const ipcEndpoint = useIpcDir();

const N = 10_000;

describe.each(PAIRS.filter((spec) => spec.lockstep).map((spec) => [spec.name, spec] as const))(
  "%s over tcp",
  (_name, spec) => {
    const impls: readonly (readonly [Impl, Impl])[] = [
      ["zmtp", "libzmq"],
      ["libzmq", "zmtp"],
    ];
    const title = `%s ${spec.a} (connect) <-> %s ${spec.b} (bind): ${N} round trips in order`;
    test.each(impls)(title, { timeout: 30_000 }, async (implA, implB) => {
      const a = socket(implA, spec.a);
      const b = socket(implB, spec.b);
      await link(b, a, "tcp", ipcEndpoint);
      const { atB, atA } = await streamSequence(spec, a, b, N);
      expect(sequenceDiff(atB, N)).toBeUndefined();
      expect(sequenceDiff(atA, N)).toBeUndefined();
    });
  },
);
