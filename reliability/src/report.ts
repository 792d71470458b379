import { cpus } from "node:os";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runDir, type ScenarioRow } from "./figures.js";

export const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));

/** The scenarios of a full run, by `order`: a run missing one (a filter, a crash) is partial. */
export const scenarioCount = 8;

const columns = ["scenario", "database", "trials", "acknowledged writes", "lost", "duplicated", "recovered by itself", "result", "notes"];

export function markdownTable(rows: ScenarioRow[]): string {
  const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [`| ${columns.join(" | ")} |`, `|${columns.map((_, index) => (index >= 2 && index <= 5 ? " ---: " : " --- ")).join("|")}|`];
  for (const row of rows) {
    const result = row.result === "fail" ? `**FAIL** (${row.failures.length})` : row.result;
    const cells = [
      row.scenario,
      row.database,
      String(row.trials),
      String(row.acknowledged),
      String(row.lost),
      row.duplicated === null ? "–" : String(row.duplicated),
      row.recovered,
      result,
      row.notes.join("; "),
    ];
    lines.push(`| ${cells.map(escapeCell).join(" | ")} |`);
  }
  return lines.join("\n");
}

function failureList(rows: ScenarioRow[]): string {
  const failing = rows.filter((row) => row.failures.length);
  if (!failing.length) return "";
  const listed = failing.map(
    (row) => `- ${row.scenario} (${row.database}):\n${row.failures.map((failure) => `  - ${failure}`).join("\n")}`,
  );
  return `\n\nFailed checks:\n\n${listed.join("\n")}`;
}

export async function readRows(): Promise<ScenarioRow[]> {
  const files = await readdir(runDir).catch(() => [] as string[]);
  const rows: ScenarioRow[] = [];
  for (const file of files.filter((name) => name.endsWith(".json"))) rows.push(JSON.parse(await readFile(join(runDir, file), "utf8")));
  return rows.sort((a, b) => a.order - b.order || a.database.localeCompare(b.database));
}

export async function clearRun(): Promise<void> {
  await rm(runDir, { recursive: true, force: true });
}

/** Prints the table and writes results/latest.md and .json (results/partial/ when not every scenario ran). */
export async function writeReport(startedAt: Date): Promise<void> {
  const rows = await readRows();
  if (!rows.length) return;
  const orders = new Set(rows.map((row) => row.order));
  const partial = orders.size < scenarioCount;
  const dir = join(resultsDir, partial ? "partial" : "");
  const finishedAt = new Date();
  const meta = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    minutes: Math.round((finishedAt.getTime() - startedAt.getTime()) / 6000) / 10,
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}`,
    partial,
  };
  const table = markdownTable(rows);
  const failures = failureList(rows);
  const passed = rows.filter((row) => row.result === "pass").length;
  const failed = rows.filter((row) => row.result === "fail").length;
  const skippedRows = rows.filter((row) => row.result === "skipped").length;
  const verdict = `${passed} passed, ${failed} failed, ${skippedRows} skipped`;
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "latest.md"),
    `# Reliability run\n\n${meta.startedAt}, ${meta.minutes} min, Node ${meta.node}, ` +
      `${meta.cpus}${partial ? ", partial run (not every scenario ran)" : ""}: ${verdict}.\n\n${table}${failures}\n`,
  );
  await writeFile(join(dir, "latest.json"), `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
  console.log(
    `\nReliability (${verdict}; ${meta.minutes} min):\n\n${table}${failures}\n\nWritten to ${join(dir, "latest.md")} and latest.json\n`,
  );
}
