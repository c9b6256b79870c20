/**
 * An ipc path longer than a Unix socket address holds (sun_path: 107 octets + NUL on Linux) is refused with
 * a typed error (libzmq: ENAMETOOLONG; here EINVAL with a clear message), at bind and at connect. The
 * system would otherwise cut the path silently, bind a file of another name and leave it behind.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Pull } from "../../src/index.js";

describe("ipc path too long", () => {
  it("bind fails with a typed error and leaves no file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-fault-"));
    try {
      const pull = new Pull({ linger: 0 });
      const endpoint = `ipc://${dir}/${"x".repeat(120)}`;
      const err = await pull.bind(endpoint).then(() => undefined, (e: unknown) => e);
      await pull.closeAndWait();
      expect(fs.readdirSync(dir)).toEqual([]);
      expect((err as { code?: string } | undefined)?.code).toBe("EINVAL");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
