import { isDataFolderError } from "@care/core";
import { deploymentStatus, readSettings } from "@care/runtime";
import { sayDetachedPlugs } from "./detached-plugs.js";
import { openDeployment } from "./deployment-runtime.js";
import { askRunningDeployment, describeRunningHealth, localUrl } from "./running-health.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `care status`: installed against bundled versions and the steps a migrate would run (from the
 * database), switched-off and detached plugs, then what the running deployment says of each plug's
 * own check (from its `/health/ready`).
 */
export async function statusCommand(root: string, deployment: string, url: string | undefined): Promise<void> {
  // Asked while the database opens: a running deployment's answer is the only view of its plugs' checks.
  const { host, port } = readSettings(deployment, process.env);
  const live = askRunningDeployment(url ?? localUrl(host, port));
  let opened: Awaited<ReturnType<typeof openDeployment>>;
  try {
    opened = await openDeployment(root, deployment, "status");
  } catch (error) {
    const running = await live;
    const cause = (error as Error).cause;
    // A running deployment holds its PGlite folder: what it says about itself is the status there is.
    if (!(isDataFolderError(cause) && cause.code === "data_folder_in_use") || !("answer" in running)) {
      if (isDataFolderError(cause)) say(describeRunningHealth(running)[0]!);
      throw error;
    }
    say(`database: ${cause.path}, held by the running deployment (${cause.holder}); installed versions and pending steps are read once it stops`);
    for (const line of describeRunningHealth(running)) say(line);
    return;
  }
  try {
    const rows = await deploymentStatus(opened.prepared, opened.database);
    say(`database: ${opened.database.location}`);
    if (rows.length === 0) say("no plugs");
    for (const row of rows) {
      const pending = row.disabled
        ? `switched off: nothing of it runs or migrates, its deliveries are held (switch on: pnpm care plug enable ${row.id} -d ${deployment})`
        : row.pending.length ? `pending: ${row.pending.join(", ")}` : "nothing pending";
      const development = row.development ? `  (development schema, from an unreleased install.sql; reset: pnpm care plug reset ${row.id} -d ${deployment} --confirm ${row.id})` : "";
      say(`${row.id.padEnd(16)} ${row.package.padEnd(28)} installed ${(row.installed ?? "-").padEnd(10)} bundled ${row.bundled.padEnd(10)} ${pending}${development}`);
    }
    await sayDetachedPlugs(opened, deployment);
    for (const line of describeRunningHealth(await live)) say(line);
  } finally {
    await opened.close();
  }
}
