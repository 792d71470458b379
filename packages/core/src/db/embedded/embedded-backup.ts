import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { open, readdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import type { CareDatabase } from "../open.js";
import { lockDataFolder } from "./folder-lock.js";
import { instanceOf } from "./instances.js";
import { openEmbedded, openLockedFolder } from "./open-embedded.js";

/**
 * The whole data folder of an open embedded database as a gzipped tar, consistent as of now: call it
 * with no transaction open. The checkpoint writes what is only in memory, so the copy needs no replay.
 */
export async function dumpEmbedded(database: CareDatabase): Promise<Buffer> {
  const pglite = instanceOf(database.db);
  if (!pglite) throw new Error(`${database.location} is not an embedded database this process opened`);
  await pglite.exec("checkpoint");
  const blob = await pglite.dumpDataDir("gzip");
  return Buffer.from(await blob.arrayBuffer());
}

export interface EmbeddedRestore {
  /** Runs on the current database, when it opens, before anything changes: the backup of what is replaced. A throw refuses the restore. */
  beforeRestore?: (current: CareDatabase) => Promise<void>;
}

/**
 * Replaces the data folder with a dump from `dumpEmbedded`, all or nothing: the dump is unpacked into
 * a sibling folder, opened there, flushed to disk, and only then swapped in by renames. The folder's
 * lock is taken without opening it, so a damaged folder (the usual reason to restore) is replaced
 * too: it is kept aside as `<data>.damaged-<time>`, never deleted; a folder that opens goes once the
 * swap succeeded. Refuses (`data_folder_in_use`) while a deployment holds the folder, and holds it
 * itself throughout so that nothing starts on it halfway.
 */
export async function restoreEmbedded(dataDir: string, dump: Buffer, options: EmbeddedRestore = {}): Promise<{ damaged?: string }> {
  const lock = existsSync(dataDir) ? lockDataFolder(dataDir) : undefined;
  const suffix = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const incoming = `${dataDir}.restoring-${suffix}`;
  let previous = `${dataDir}.replaced-${suffix}`;
  let damaged: string | undefined;
  try {
    if (lock) {
      const current = await openLockedFolder(dataDir).catch(() => undefined);
      if (current) {
        try {
          await options.beforeRestore?.(current);
        } finally {
          await current.close();
        }
      } else {
        previous = damaged = `${dataDir}.damaged-${suffix}`;
      }
    }
    try {
      // Unpacked here: a damaged archive then fails this promise, where PGlite's own gunzip would throw uncaught.
      const tar = await promisify(gunzip)(dump);
      const pglite = await PGlite.create({
        dataDir: incoming,
        loadDataDir: new Blob([new Uint8Array(tar)], { type: "application/x-tar" }),
      });
      // PGlite closed without a query keeps the process alive (seen with 0.4.6 and piped stdio).
      await pglite.query("select 1");
      await pglite.close();
      // Opened as a deployment would open it: the folder checks, then PostgreSQL on it.
      const check = await openEmbedded(incoming);
      try {
        await sql`select count(*) from pg_catalog.pg_class`.execute(check.db);
      } finally {
        await check.close();
      }
      // A power cut after the swap must not find files still only in the page cache.
      await syncTree(incoming);
    } catch (error) {
      await rm(incoming, { recursive: true, force: true });
      throw new Error(
        `the backup could not be unpacked into a working database (${(error as Error).message}); ` +
          `the data folder ${dataDir} was not changed`,
        { cause: error },
      );
    }
    if (lock) await rename(dataDir, previous);
    try {
      await rename(incoming, dataDir);
    } catch (error) {
      if (lock) await rename(previous, dataDir);
      await rm(incoming, { recursive: true, force: true });
      throw error;
    }
    await syncFolder(dirname(dataDir));
  } finally {
    lock?.release();
  }
  if (!damaged) await rm(previous, { recursive: true, force: true });
  return damaged ? { damaged } : {};
}

/** Flushes every file and folder under `folder` to disk. */
async function syncTree(folder: string): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await syncTree(path);
    else if (entry.isFile()) await syncFolder(path);
  }
  await syncFolder(folder);
}

/** Makes renames in `folder` durable (or a file's contents, given a file): a power cut after this keeps them. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
