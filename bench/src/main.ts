import { cpus } from "node:os";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchDatabases } from "./databases.js";
import { measurements } from "./measurements/index.js";
import { markdownTable, writeResults, type ResultRow } from "./report.js";

const usage = `pnpm bench [--only <name>[,<name>…]] [--quick]

Measures what composing a deployment from plugs costs against the same code hand-wired, in one
interleaved run, prints a table and writes bench/results/latest.md and latest.json.
Measurements: ${measurements.map((measurement) => measurement.name).join(", ")}`;

const { values } = parseArgs({
  options: { only: { type: "string" }, quick: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const only = values.only?.split(",").map((name) => name.trim());
const unknown = only?.filter((name) => !measurements.some((measurement) => measurement.name === name)) ?? [];
if (unknown.length) {
  console.error(`pnpm bench: no measurement named ${unknown.join(", ")}\n\n${usage}`);
  process.exit(2);
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const startedAt = new Date().toISOString();
const { databases, skipped } = await benchDatabases();
const tmpDir = await mkdtemp(join(tmpdir(), "care-bench-"));
const rows: ResultRow[] = [];
try {
  for (const measurement of measurements.filter((candidate) => !only || only.includes(candidate.name))) {
    console.log(`\n▶ ${measurement.title}`);
    const began = performance.now();
    try {
      const produced = await measurement.run({
        databases,
        tmpDir,
        root,
        quick: values.quick ?? false,
        log: (line) => console.log(`  ${line}`),
        skip: (reason) => skipped.push(`${measurement.title}: ${reason}`),
      });
      rows.push(...produced);
      console.log(markdownTable(produced));
    } catch (error) {
      // A broken measurement is reported, and the others still run: the bench never fails a build.
      skipped.push(`${measurement.title}: failed: ${(error as Error).stack ?? error}`);
      console.error(`  failed: ${(error as Error).stack ?? error}`);
    }
    console.log(`  (${((performance.now() - began) / 1000).toFixed(1)} s)`);
  }
} finally {
  await rm(tmpDir, { recursive: true, force: true });
}

// latest.* is the reference: a full, normal run. A partial or quick one goes beside it.
const partial = only !== undefined || values.quick === true;
const resultsDir = join(root, "bench/results", partial ? "partial" : "");
await writeResults(resultsDir, rows, {
  startedAt,
  finishedAt: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}`,
  skipped,
});
console.log(`\n${markdownTable(rows)}\n`);
for (const line of skipped) console.log(`skipped: ${line}`);
const missed = rows.filter((row) => row.met === false).length;
const met = rows.filter((row) => row.met === true).length;
console.log(`\ntargets met: ${met}, missed: ${missed}. Written to ${join(resultsDir, "latest.md")} and latest.json`);
