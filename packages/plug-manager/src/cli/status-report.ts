import { isDataFolderError } from "@care/core";
import { deploymentStatus, detachedPlugs, readSettings } from "@care/runtime/tooling";
import { openDeployment } from "./deployment-runtime.js";
import { askRunningDeployment, localUrl, type RunningHealth } from "./running-health.js";

type PlugStatus = Awaited<ReturnType<typeof deploymentStatus>>[number];
type DetachedPlug = Awaited<ReturnType<typeof detachedPlugs>>[number];

/** What `care status` knows, printed as lines or (with --json) as it is. */
export interface StatusReport {
  deployment: string;
  /** Where the database is; `heldBy` when a running deployment holds its PGlite folder (then plugs and detached are empty). */
  database: { location: string; heldBy?: string };
  plugs: (Omit<PlugStatus, "installed"> & { installed: string | null })[];
  detached: DetachedPlug[];
  /** The running deployment's own /health/ready answer, or why there is none. */
  running: RunningHealth;
}

/**
 * Installed against bundled versions and the steps a migrate would run (from the database),
 * switched-off and detached plugs, then what the running deployment says of each plug's own check.
 */
export async function readStatus(root: string, deployment: string, url: string | undefined): Promise<StatusReport> {
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
    if (!(isDataFolderError(cause) && cause.code === "data_folder_in_use") || !("answer" in running))
      throw Object.assign(error as Error, { running });
    return { deployment, database: { location: cause.path, heldBy: cause.holder }, plugs: [], detached: [], running };
  }
  try {
    const rows = await deploymentStatus(opened.prepared, opened.database);
    const detached = await detachedPlugs(
      opened.database.db,
      opened.prepared.plugs.map((entry) => entry.id),
    );
    const plugs = rows.map((row) => ({ ...row, installed: row.installed ?? null }));
    return { deployment, database: { location: opened.database.location }, plugs, detached, running: await live };
  } finally {
    await opened.close();
  }
}
