/** The bench's summary: medians per workload and implementation, with ratios, as Markdown tables. */
import type { Implementation } from "./job.js";

export type Unit = "msg/s" | "GB/s" | "µs";

export interface RowSummary {
  label: string;
  unit: Unit;
  /** Message (or trip) size in octets, to turn msg/s into GB/s. */
  size: number;
  /** Median figure per implementation (msg/s or µs), absent where not measured. */
  median: Partial<Record<Implementation, number>>;
  /** Median messages (or trips) per CPU-second. */
  perCpuSecond: Partial<Record<Implementation, number>>;
}

export const COLUMN_NAMES: Record<Implementation, string> = {
  zmtp: "zmtp",
  "zeromq.js": "zeromq.js",
  "libzmq-c": "libzmq from C",
  "raw-node": "raw Node",
};
const OTHERS: readonly Implementation[] = ["zeromq.js", "libzmq-c", "raw-node"];

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function count(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(value >= 1e5 ? 0 : 1)} k`;
  return value.toFixed(0);
}

/** One figure in the row's unit (msg/s figures are turned into GB/s for GB/s rows). */
export function formatFigure(value: number, unit: Unit, size: number): string {
  if (unit === "µs") return `${value.toFixed(1)} µs`;
  if (unit === "GB/s") return `${((value * size) / 1e9).toFixed(2)} GB/s`;
  return `${count(value)} msg/s`;
}

function ratio(ours: number | undefined, theirs: number | undefined): string {
  if (ours === undefined || theirs === undefined || theirs === 0) return "–";
  return `${(ours / theirs).toFixed(2)}×`;
}

function markdown(header: string[], rows: string[][]): string {
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** Medians, and zmtp ÷ each other implementation in the row's unit. */
export function figuresTable(rows: readonly RowSummary[], columns: readonly Implementation[]): string {
  const others = OTHERS.filter((i) => columns.includes(i));
  const header = ["workload", ...columns.map((c) => COLUMN_NAMES[c]), ...others.map((o) => `zmtp ÷ ${COLUMN_NAMES[o]}`)];
  return markdown(
    header,
    rows.map((row) => [
      row.label,
      ...columns.map((c) => (row.median[c] === undefined ? "–" : formatFigure(row.median[c], row.unit, row.size))),
      ...others.map((o) => ratio(row.median.zmtp, row.median[o])),
    ]),
  );
}

/** Messages (round trips) per CPU-second of the whole process, both ends included. */
export function efficiencyTable(rows: readonly RowSummary[], columns: readonly Implementation[]): string {
  const others = OTHERS.filter((i) => columns.includes(i));
  const header = ["workload", ...columns.map((c) => COLUMN_NAMES[c]), ...others.map((o) => `zmtp ÷ ${COLUMN_NAMES[o]}`)];
  return markdown(
    header,
    rows.map((row) => [
      row.label,
      ...columns.map((c) => (row.perCpuSecond[c] === undefined ? "–" : count(row.perCpuSecond[c]))),
      ...others.map((o) => ratio(row.perCpuSecond.zmtp, row.perCpuSecond[o])),
    ]),
  );
}
