/**
 * How property-based tests (fast-check) run here. `npm test` runs each property a few hundred times from a
 * fixed seed, so that a run is quick and the same every time; `npm run fuzz` (test/fuzz/run.ts) sets
 * FUZZ_RUNS (cases per property, scaled by each property's weight) and FUZZ_SEED (a fresh seed, printed),
 * and tallies the cases run into FUZZ_TALLY. fast-check's failure message names the seed and the path of
 * the smallest failing case; FUZZ_SEED and FUZZ_PATH replay it (with `-t` to pick the one property).
 */
import fs from "node:fs";
import fc from "fast-check";

/** Cases per property in an ordinary test run. */
const QUICK_RUNS = 200;
/** The seed of an ordinary test run. */
const FIXED_SEED = 20_240_518;

function numberFromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new TypeError(`${name} must be an integer, not ${JSON.stringify(text)}`);
  return value;
}

const RUNS = numberFromEnv("FUZZ_RUNS") ?? QUICK_RUNS;
const SEED = numberFromEnv("FUZZ_SEED") ?? FIXED_SEED;
const PATH = process.env.FUZZ_PATH;
const TALLY = process.env.FUZZ_TALLY;

/**
 * The cases a property runs: `weight` of the run's number (a property whose case is slow, a CURVE
 * handshake, takes fewer), at least 50.
 */
export function fuzzRuns(weight = 1): number {
  return Math.max(50, Math.round(RUNS * weight));
}

function parameters<T>(numRuns: number): fc.Parameters<T> {
  return PATH === undefined ? { seed: SEED, numRuns } : { seed: SEED, numRuns, path: PATH };
}

function tally(numRuns: number): void {
  if (TALLY !== undefined) fs.appendFileSync(TALLY, `${numRuns}\n`);
}

/** Checks a synchronous property (fast-check's `assert` with this run's seed and number of cases). */
export function fuzz<Ts>(property: fc.IProperty<Ts>, weight = 1): void {
  const numRuns = fuzzRuns(weight);
  fc.assert(property, parameters<Ts>(numRuns));
  tally(numRuns);
}

/** Checks an asynchronous property (a handshake that waits on a ZAP answer, say). */
export async function fuzzAsync<Ts>(property: fc.IAsyncProperty<Ts>, weight = 1): Promise<void> {
  const numRuns = fuzzRuns(weight);
  await fc.assert(property, parameters<Ts>(numRuns));
  tally(numRuns);
}

/** Whether this is an `npm run fuzz` run (many cases): tests may raise their time limits. */
export const LONG_FUZZ = RUNS > QUICK_RUNS;
