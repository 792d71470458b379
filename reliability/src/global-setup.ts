import { dropLeftClusters } from "./postgres.js";
import { clearRun, writeReport } from "./report.js";

/** Vitest's global setup: a fresh run folder before the scenarios, the table after the last one. */
export default async function setup(): Promise<() => Promise<void>> {
  const startedAt = new Date();
  await dropLeftClusters();
  await clearRun();
  return async () => {
    await dropLeftClusters();
    await writeReport(startedAt);
    await clearRun();
  };
}
