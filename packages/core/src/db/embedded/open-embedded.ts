import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { keepAsText } from "../keep-as-text.js";
import type { CareDatabase } from "../open.js";
import type { CoreDatabase } from "../tables.js";
import { checkDataFolder, pgliteMajor } from "./check-data-folder.js";
import { DataFolderError, untouchedAdvice } from "./data-folder-error.js";
import { openInMemory } from "./in-memory.js";
import { rememberInstance } from "./instances.js";
import { describePgliteFailure } from "./pglite-failure.js";
import { LoggedNodeFS } from "./postgres-log.js";
import { takeDataFolder } from "./take-data-folder.js";

const parsers = { [pgliteTypes.DATE]: keepAsText, [pgliteTypes.INT8]: keepAsText };

/**
 * PGlite in memory, or in a data folder that this process then holds (one opener at a time) until
 * `close()`. A folder is initialised only when absent or empty; anything else must be a database.
 */
export async function openEmbedded(dataDir: string | undefined): Promise<CareDatabase> {
  if (!dataDir) return wrap(await openInMemory({ parsers }), "PGlite in memory", () => {});
  const { lock, state } = await takeDataFolder(dataDir);
  // PGlite passes a given `fs` on to the instance that runs initdb, which must be in memory, so a
  // new folder is named by path; an existing one gets the file system that keeps the server log.
  const fs = state === "database" ? new LoggedNodeFS(dataDir) : undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ ...(fs ? { fs } : { dataDir }), parsers });
  } catch (error) {
    lock.release();
    throw unreadable(dataDir, state, describePgliteFailure(error) + (fs?.lastFatal ? ` (PostgreSQL: ${fs.lastFatal})` : ""), error);
  }
  return wrap(pglite, `PGlite in ${dataDir}`, () => lock.release());
}

/**
 * PGlite on a data folder whose lock this process already holds (a restore holds it throughout):
 * closing it keeps the lock. Refuses a folder that holds no database or does not open.
 */
export async function openLockedFolder(dataDir: string): Promise<CareDatabase> {
  const state = await checkDataFolder(dataDir);
  if (state !== "database") throw new DataFolderError("data_folder_unreadable", dataDir, `${dataDir} holds no database`);
  const fs = new LoggedNodeFS(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ fs, parsers });
    // PGlite closed without a query keeps the process alive; this also proves it answers.
    await pglite.query("select 1");
  } catch (error) {
    throw unreadable(dataDir, state, describePgliteFailure(error) + (fs.lastFatal ? ` (PostgreSQL: ${fs.lastFatal})` : ""), error);
  }
  return wrap(pglite, `PGlite in ${dataDir}`, () => {});
}

function wrap(pglite: PGlite, location: string, afterClose: () => void): CareDatabase {
  const db = new Kysely<CoreDatabase>({ dialect: new PGliteDialect(pglite) });
  // For backups (embedded-backup.ts), which need PGlite's own dump of the data folder.
  rememberInstance(db, pglite);
  return {
    db,
    engine: "pglite",
    location,
    // Kysely holds PGlite's only session for the transaction, so exec runs inside it.
    runScript: async (_tx, script) => void (await pglite.exec(script)),
    close: async () => {
      try {
        await db.destroy();
      } finally {
        afterClose();
      }
    },
  };
}

function unreadable(dataDir: string, state: "new" | "database", cause: string, error: unknown): DataFolderError {
  const message =
    state === "new"
      ? `PGlite could not create a new database in ${dataDir}: ${cause}; ` +
        "check free space and the folder's file system, empty the folder, and start again"
      : `PGlite could not open the database in ${dataDir}: ${cause}. It looks like a PostgreSQL ${pgliteMajor} data folder, ` +
        `but PostgreSQL refused to start on it (a damaged control file or write-ahead log does this). ${untouchedAdvice}`;
  return new DataFolderError("data_folder_unreadable", dataDir, message, { cause: error });
}
