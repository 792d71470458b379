import { createServerPool, type CareDatabase } from "@care/core";
import type pg from "pg";
import type { Logger } from "pino";
import { BackupError } from "./backup-error.js";

/**
 * How a restore knows the deployment runs on a server: every running instance holds this advisory
 * lock shared, on a connection of its own, for as long as it runs (PostgreSQL drops it when the
 * process dies); a restore takes it exclusively. On PGlite the data folder's lock does this.
 */
const runningLock = "select pg_try_advisory_lock_shared(hashtext('care_deployment_running')) as taken";
const restoreLock = "select pg_try_advisory_lock(hashtext('care_deployment_running')) as taken";

/**
 * The other sessions on this database of the app role or of this database's plug roles (their
 * suffix as plug-role-block.ts makes it): a running instance whose mark connection dropped still
 * shows here. Sessions named `own` (the restore's own pool, pg_dump and psql) do not count.
 */
const otherSessions = `select count(*)::int as sessions,
    coalesce(string_agg(distinct coalesce(nullif(application_name, ''), '(no name)'), ', '), '') as names
  from pg_catalog.pg_stat_activity
  where datname = pg_catalog.current_database() and pid <> pg_catalog.pg_backend_pid() and application_name <> $1
    and (usename = current_user or usename like 'plug\\_%\\_' || pg_catalog.substr(pg_catalog.md5(pg_catalog.current_database()), 1, 8))`;

/**
 * Held by a running deployment from start to close; refuses to start while a restore runs. When its
 * connection ends (a server restart, pg_terminate_backend), it takes the mark again on a new one.
 */
export async function holdRunningMark(database: CareDatabase, logger: Logger): Promise<() => Promise<void>> {
  if (!onServer(database)) return async () => {};
  const refusal = () =>
    new BackupError(
      "deployment_running",
      `a restore is running on ${database.location} (care restore holds it); start again once it has finished`,
    );
  let released = false;
  let held: Held | undefined = await hold(database, runningLock, refusal);
  const watch = () =>
    held?.client.once("end", () => {
      if (!released) void retake();
    });
  const retake = async () => {
    held = undefined;
    while (!released) {
      try {
        held = await hold(database, runningLock, refusal);
        logger.warn("the running mark's connection ended; the mark is held again on a new one");
        if (released) await held.release();
        else watch();
        return;
      } catch (error) {
        logger.error(
          { err: error },
          `cannot hold the running mark on ${database.location} (${(error as Error).message}): ` +
            "care restore cannot see that this instance runs; retrying in 5 s",
        );
        await new Promise((resolve) => setTimeout(resolve, 5_000).unref());
      }
    }
  };
  watch();
  return async () => {
    released = true;
    await held?.release();
  };
}

/**
 * Held by a restore; refuses while any instance of the deployment runs on the server: one holding
 * the mark, or any other session of the app role or the plugs' roles on the database.
 */
export async function holdRestoreMark(database: CareDatabase, deployment: string, ownApplication: string): Promise<() => Promise<void>> {
  if (!onServer(database)) return async () => {};
  const running = (why: string) =>
    new BackupError(
      "deployment_running",
      `deployment ${deployment} is running on ${database.location} (${why}); ` +
        "stop every instance of it, then run care restore again. Nothing was changed",
    );
  const held = await hold(database, restoreLock, () => running("an instance holds it"));
  try {
    let found = { sessions: 0, names: "" };
    // A session closed just now (a stopped instance, the last command) shows until its backend has
    // exited: look again for a few seconds before refusing.
    for (let look = 0; look < 10; look += 1) {
      found = (await held.client.query<{ sessions: number; names: string }>(otherSessions, [ownApplication])).rows[0]!;
      if (found.sessions === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const { sessions, names } = found;
    if (sessions > 0) throw running(`${sessions} other session${sessions === 1 ? "" : "s"} of its roles on the database: ${names}`);
  } catch (error) {
    await held.release();
    throw error;
  }
  return held.release;
}

const onServer = (database: CareDatabase) => database.engine === "postgres" && Boolean(database.serverUrl);

interface Held {
  client: pg.PoolClient;
  release: () => Promise<void>;
}

async function hold(database: CareDatabase, query: string, refusal: () => BackupError): Promise<Held> {
  const pool = createServerPool({ connectionString: database.serverUrl!, options: "", max: 1 });
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  try {
    const { rows } = await client.query<{ taken: boolean }>(query);
    if (!rows[0]?.taken) throw refusal();
  } catch (error) {
    client.release();
    await pool.end();
    throw error;
  }
  return {
    client,
    release: async () => {
      // Closing the session releases the lock.
      client.release(true);
      await pool.end();
    },
  };
}
