import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ResultRow, type RunInfo, writeResults } from "./report.js";

/**
 * `pnpm --filter @care/bench splice`: puts the rows of the last partial run (`pnpm bench --only …`, results/partial/)
 * into results/latest.*, in place of the full run's rows of the same measurements, so a measurement added or changed
 * since the last full run (about 18 minutes) is recorded beside it. Each spliced row's note says when it was measured.
 */
type Results = RunInfo & { rows: ResultRow[] };

const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));
const read = async (dir: string) => JSON.parse(await readFile(join(dir, "latest.json"), "utf8")) as Results;
const full = await read(resultsDir);
const partial = await read(join(resultsDir, "partial"));

const replaced = new Set(partial.rows.map((row) => row.measurement));
const spliced = partial.rows.map((row) => ({
  ...row,
  note: [row.note, `from a partial run (\`pnpm bench --only\`) finished ${partial.finishedAt}`].filter(Boolean).join("; "),
}));
const at = full.rows.findIndex((row) => replaced.has(row.measurement));
const kept = full.rows.filter((row) => !replaced.has(row.measurement));
const rows = at === -1 ? [...kept, ...spliced] : [...kept.slice(0, at), ...spliced, ...kept.slice(at)];
const { rows: _old, ...info } = full;
await writeResults(resultsDir, rows, info);
console.log(`${spliced.length} rows of ${[...replaced].join(", ")} spliced into ${join(resultsDir, "latest.md")}`);
