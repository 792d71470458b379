import { createServerPool, type CareDatabase } from "@care/core";
import { BackupError } from "./backup-error.js";

/**
 * How a restore knows the deployment runs on a server: every running instance holds this advisory
 * lock shared, on a connection of its own, for as long as it runs (PostgreSQL drops it when the
 * process dies); a restore takes it exclusively. On PGlite the data folder's lock does this.
 */
const runningLock = "select pg_try_advisory_lock_shared(hashtext('care_deployment_running')) as taken";
const restoreLock = "select pg_try_advisory_lock(hashtext('care_deployment_running')) as taken";

/** Held by a running deployment from start to close; refuses to start while a restore runs. */
export async function holdRunningMark(database: CareDatabase): Promise<() => Promise<void>> {
  return hold(database, runningLock, () =>
    new BackupError("deployment_running", `a restore is running on ${database.location} (care restore holds it); start again once it has finished`),
  );
}

/** Held by a restore; refuses while any instance of the deployment runs on the server. */
export async function holdRestoreMark(database: CareDatabase, deployment: string): Promise<() => Promise<void>> {
  return hold(database, restoreLock, () =>
    new BackupError(
      "deployment_running",
      `deployment ${deployment} is running on ${database.location} (an instance holds it); stop every instance of it, then run care restore again. Nothing was changed`,
    ),
  );
}

async function hold(database: CareDatabase, query: string, refusal: () => BackupError): Promise<() => Promise<void>> {
  if (database.engine !== "postgres" || !database.serverUrl) return async () => {};
  const pool = createServerPool({ connectionString: database.serverUrl, options: "", max: 1 });
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ taken: boolean }>(query);
    if (!rows[0]?.taken) throw refusal();
  } catch (error) {
    client.release();
    await pool.end();
    throw error;
  }
  return async () => {
    // Closing the session releases the lock.
    client.release(true);
    await pool.end();
  };
}
