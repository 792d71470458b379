import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Summary } from "./stats.js";

/** One line of the results table. */
export interface ResultRow {
  /** The measurement, as the table names it, e.g. "start-up to first request". */
  measurement: string;
  /** "PGlite", "PostgreSQL", or "-" where no database is involved. */
  database: string;
  /** What was varied, e.g. "50 plugs, installed". */
  case: string;
  unit: string;
  /** Higher is better (throughput) or lower is better (time, memory). */
  better: "higher" | "lower";
  result: Summary;
  /** The hand-wired (or other) baseline measured in the same run, interleaved with `result`. */
  baseline?: { name: string; result: Summary };
  /** result.median / baseline.median. */
  ratio?: number;
  /** The target in words, e.g. "≤ 1.10 × hand-wired". */
  target?: string;
  /** Whether the target is met; undefined when the row has no target of its own. */
  met?: boolean;
  note?: string;
}

export function withRatio(row: Omit<ResultRow, "ratio">): ResultRow {
  return row.baseline ? { ...row, ratio: row.result.median / row.baseline.result.median } : row;
}

const number = (value: number) =>
  !Number.isFinite(value) ? "–" : Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
const spread = (summary: Summary) => `${number(summary.p25)}–${number(summary.p75)}`;
const verdict = (row: ResultRow) => (row.met === undefined ? "" : row.met ? "met" : "MISSED");

export function markdownTable(rows: readonly ResultRow[]): string {
  const header = ["measurement", "database", "case", "median", "IQR", "baseline median", "ratio", "target", "verdict"];
  const lines = rows.map((row) => [
    row.measurement,
    row.database,
    row.case,
    `${number(row.result.median)} ${row.unit}`,
    spread(row.result),
    row.baseline ? `${number(row.baseline.result.median)} ${row.unit} (${row.baseline.name})` : "",
    row.ratio === undefined ? "" : `${row.ratio.toFixed(2)} ×`,
    row.target ?? "",
    verdict(row),
  ]);
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

export interface RunInfo {
  startedAt: string;
  finishedAt: string;
  node: string;
  cpus: string;
  /** Measurements skipped and why, e.g. no PostgreSQL server reachable. */
  skipped: string[];
}

export async function writeResults(dir: string, rows: readonly ResultRow[], info: RunInfo): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "latest.json"), `${JSON.stringify({ ...info, rows }, null, 2)}\n`);
  const notes = rows.filter((row) => row.note).map((row) => `- **${row.measurement}, ${row.database}, ${row.case}:** ${row.note}`);
  const skipped = info.skipped.map((line) => `- ${line}`);
  const markdown = [
    `# pnpm bench — ${info.finishedAt}`,
    "",
    `Node ${info.node}, ${info.cpus}. Medians with the interquartile range; every baseline ran in the same run, interleaved with ` +
      `what it is compared to. See bench/README.md for what each row measures.`,
    "",
    markdownTable(rows),
    ...(notes.length ? ["", "## Notes", "", ...notes] : []),
    ...(skipped.length ? ["", "## Skipped", "", ...skipped] : []),
    "",
  ].join("\n");
  await writeFile(join(dir, "latest.md"), markdown);
}
