/**
 * `npm run fuzz`: every property-based test (test/fuzz/ and the routing tries' properties) with many cases
 * from a fresh seed, then the seed and the number of cases run. `npm test` runs the same properties a few
 * hundred cases each from a fixed seed (test/helpers/fuzz-runs.ts).
 *
 *   npm run fuzz                         # 50,000 cases per property (scaled by weight): over 1,000,000
 *   FUZZ_SEED=123 npm run fuzz           # a given seed
 *   FUZZ_RUNS=200000 npm run fuzz        # more
 *
 * A failure prints fast-check's report: the property (the test's name), its seed and the path of the
 * smallest failing case. Replay just that case with
 *   FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run <file> -t "<test name>"
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const MIN_CASES = 1_000_000;
const FILES = ["test/fuzz/", "test/routing/byte-trie.test.ts", "test/routing/subscription-trie.test.ts"];

const seed = process.env.FUZZ_SEED ?? String(randomInt(1, 2 ** 31 - 1));
const runs = process.env.FUZZ_RUNS ?? "50000";
const tally = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zmtp-fuzz-")), "tally");
fs.writeFileSync(tally, "");

console.log(`fuzz: seed ${seed}, ${runs} cases per property (scaled by its weight)\n`);
const started = Date.now();
const result = spawnSync("npx", ["vitest", "run", ...FILES, "--testTimeout=1800000"], {
  stdio: "inherit",
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs, FUZZ_TALLY: tally },
});
const counts = fs.readFileSync(tally, "utf8").split("\n").filter(Boolean).map(Number);
fs.rmSync(path.dirname(tally), { recursive: true, force: true });
const cases = counts.reduce((a, b) => a + b, 0);
const seconds = ((Date.now() - started) / 1000).toFixed(0);

console.log(`\nfuzz: ${cases.toLocaleString("en")} cases in ${counts.length} properties passed, in ${seconds} s, seed ${seed}`);
if (result.status !== 0) {
  console.log(
    `fuzz: FAILED with seed ${seed}. fast-check's report above names the property, its seed and path; replay with\n` +
      `  FUZZ_SEED=${seed} FUZZ_PATH=<path> npx vitest run <file> -t "<test name>"`,
  );
  process.exit(1);
}
if (cases < MIN_CASES && process.env.FUZZ_RUNS === undefined) {
  console.log(`fuzz: fewer than ${MIN_CASES.toLocaleString("en")} cases: raise the default FUZZ_RUNS in test/fuzz/run.ts`);
  process.exit(1);
}
