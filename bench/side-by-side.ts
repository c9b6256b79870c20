/**
 * Runs one measurement for zmtp and for zeromq.js (native libzmq 4.3.5) side by side: every run is a fresh
 * child process (no JIT or heap state shared between libraries), the two libraries alternate, and the
 * summary gives the best and the median of the runs for each, with the ratio zmtp / zeromq.js (where a
 * lower figure is better, as for latency, the ratio is zeromq.js / zmtp: above 1 always means zmtp wins).
 */
import { execFileSync } from "node:child_process";

export type Library = "zmtp" | "zeromq.js";
export const LIBRARIES: readonly Library[] = ["zmtp", "zeromq.js"];

export interface Measurement {
  /** What is measured, for the summary line. */
  title: string;
  /** Formats one figure, e.g. "3.087 M msg/s". */
  format: (value: number) => string;
  /** Whether a higher figure is better (throughput) or a lower one (latency). */
  higherIsBetter: boolean;
  /** The script to run as the child (import.meta.url's path) and its arguments. */
  script: string;
  args: readonly string[];
  rounds: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** In the child: the library to measure, or undefined in the parent. */
export function childLibrary(): Library | undefined {
  return process.env.BENCH_CHILD as Library | undefined;
}

/** In the child: reports the figure to the parent and exits. */
export function report(value: number): never {
  process.stdout.write(String(value));
  process.exit(0);
}

/** In the parent: runs the rounds and prints each run and the summary. */
export function compare(m: Measurement): void {
  const results: Record<Library, number[]> = { zmtp: [], "zeromq.js": [] };
  for (let round = 1; round <= m.rounds; round++) {
    const line: string[] = [];
    for (const library of LIBRARIES) {
      const out = execFileSync(process.execPath, [...process.execArgv, m.script, ...m.args], {
        env: { ...process.env, BENCH_CHILD: library },
        encoding: "utf8",
      });
      const value = Number(out.trim());
      results[library].push(value);
      line.push(`${library} ${m.format(value)}`);
    }
    console.log(`run ${round}: ${line.join(" | ")}`);
  }
  const pick = (values: number[]): number => (m.higherIsBetter ? Math.max(...values) : Math.min(...values));
  const best = { zmtp: pick(results.zmtp), zeromq: pick(results["zeromq.js"]) };
  const mid = { zmtp: median(results.zmtp), zeromq: median(results["zeromq.js"]) };
  const ratio = (ours: number, theirs: number): string =>
    `${(m.higherIsBetter ? ours / theirs : theirs / ours).toFixed(2)}x`;
  const col = (text: string): string => text.padEnd(16);
  console.log(
    `\n${m.title}, ${m.rounds} runs each (node ${process.version}):\n` +
      `            ${col("best")}median\n` +
      `  zmtp      ${col(m.format(best.zmtp))}${m.format(mid.zmtp)}\n` +
      `  zeromq.js ${col(m.format(best.zeromq))}${m.format(mid.zeromq)}\n` +
      `  ratio     ${col(ratio(best.zmtp, best.zeromq))}${ratio(mid.zmtp, mid.zeromq)}`,
  );
}
