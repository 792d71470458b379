import { isDataFolderError } from "@care/core";
import { describeDeliveries } from "@care/runtime/tooling";
import { describeRunningHealth, type RunningHealth } from "./running-health.js";
import { readStatus, type StatusReport } from "./status-report.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `care status [--json]`: see readStatus; the JSON document's shape is in the command's --help. */
export async function statusCommand(
  root: string,
  deployment: string,
  url: string | undefined,
  options: { json?: boolean } = {},
): Promise<void> {
  let report: StatusReport;
  try {
    report = await readStatus(root, deployment, url);
  } catch (error) {
    const running = (error as { running?: RunningHealth }).running;
    // A refused data folder: whether a deployment answers there says which one holds it.
    if (!options.json && running && isDataFolderError((error as Error).cause)) say(describeRunningHealth(running)[0]!);
    throw error;
  }
  if (options.json) say(JSON.stringify(report, null, 2));
  else sayStatus(report);
}

function sayStatus(report: StatusReport): void {
  const { deployment, database } = report;
  if (database.heldBy) {
    say(
      `database: ${database.location}, held by the running deployment (${database.heldBy}); installed versions and pending steps ` +
        `are read once it stops`,
    );
    for (const line of describeRunningHealth(report.running)) say(line);
    return;
  }
  say(`database: ${database.location}`);
  if (report.plugs.length === 0) say("no plugs");
  for (const row of report.plugs) {
    const pending = row.disabled
      ? `switched off: nothing of it runs or migrates, its deliveries are held (switch on: pnpm care plug enable ${row.id} -d ` +
        `${deployment})`
      : row.pending.length
        ? `pending: ${row.pending.join(", ")}`
        : "nothing pending";
    const development = row.development
      ? `  (development schema, from an unreleased install.sql; reset: pnpm care plug reset ${row.id} -d ${deployment} --confirm ${row.id})`
      : "";
    say(
      `${row.id.padEnd(16)} ${row.package.padEnd(28)} installed ${(row.installed ?? "-").padEnd(10)} bundled ` +
        `${row.bundled.padEnd(10)} ${pending}${development}`,
    );
  }
  for (const plug of report.detached) {
    const since = plug.detachedAt
      ? `detached since ${plug.detachedAt}`
      : "removed from plug.config.ts (marked detached at the next start or migrate)";
    const schema = plug.schemaKept ? `schema ${plug.schema} kept` : `schema ${plug.schema} gone`;
    const purge = `pnpm care plug purge ${plug.id} -d ${deployment} --confirm ${plug.id}`;
    say(
      `${plug.id.padEnd(16)} ${plug.package.padEnd(28)} ${since}, last version ${plug.version}; ${schema}; ` +
        `${describeDeliveries(plug.deliveries)}; purge: ${purge}`,
    );
  }
  for (const line of describeRunningHealth(report.running)) say(line);
}
