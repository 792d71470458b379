import { createServerPool, type CareDatabase } from "@care/core";

/**
 * Runs `work` holding the deployment's schema lock for the session, on a connection of its own: the
 * key every migration takes for its transaction (lockDeploymentSchema), so no other instance migrates
 * while the backup before a change reads the database (a table rewrite is not MVCC-safe: pg_dump
 * could see it empty). PGlite is one process: `work` just runs.
 */
export async function underSchemaLock<T>(database: CareDatabase, work: () => Promise<T>): Promise<T> {
  if (database.engine !== "postgres" || !database.serverUrl) return work();
  const pool = createServerPool({ connectionString: database.serverUrl, options: "", max: 1 });
  try {
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock(hashtext('care_deployment_schema'))");
      return await work();
    } finally {
      // Closing the session releases the lock, whatever state the session is in.
      client.release(true);
    }
  } finally {
    await pool.end();
  }
}
