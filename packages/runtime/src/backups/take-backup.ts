import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { appliedCoreMigrations, coreVersion, dumpEmbedded, type CareDatabase } from "@care/core";
import type { Logger } from "pino";
import type { PreparedPlugs } from "../plugs/prepare.js";
import type { BackupSettings } from "../settings.js";
import { sha256OfFile, writeAtomically } from "./atomic-file.js";
import { backupMetadataSchema, metadataFileOf, type BackupMetadata } from "./backup-metadata.js";
import { dumpServer } from "./server-dump.js";

export interface BackupRequest {
  deployment: string;
  reason: BackupMetadata["reason"];
  prepared: PreparedPlugs;
  settings: BackupSettings;
}

export interface TakenBackup {
  file: string;
  metadata: BackupMetadata;
  /** Older backups before a migration removed to keep `settings.keep`. */
  pruned: string[];
  /** Why pruning failed, when it did: a warning, the backup itself was written. */
  pruneWarning?: string;
}

/**
 * A backup of the whole database into the backup folder, with its metadata beside it, each written
 * atomically; then the oldest beyond `keep` are removed. Call it with no transaction open.
 */
export async function takeBackup(database: CareDatabase, request: BackupRequest): Promise<TakenBackup> {
  const { deployment, reason, prepared, settings } = request;
  await mkdir(settings.dir, { recursive: true });
  const createdAt = new Date().toISOString();
  const name = `${deployment}-${createdAt.replace(/[:.]/g, "-")}-${reason}${database.engine === "pglite" ? ".pglite.tar.gz" : ".sql.gz"}`;
  const file = join(settings.dir, name);
  const recorded = {
    location: database.location,
    coreMigrations: await appliedCoreMigrations(database.db),
    plugs: await recordedVersions(database),
  };
  if (database.engine === "pglite") await writeAtomically(file, await dumpEmbedded(database));
  else await writeAtomically(file, (temporary) => dumpServer(database, temporary));
  const metadata: BackupMetadata = {
    careBackup: 1,
    deployment,
    engine: database.engine,
    createdAt,
    reason,
    file: name,
    bytes: (await stat(file)).size,
    sha256: await sha256OfFile(file),
    database: recorded,
    bundle: { core: coreVersion, plugs: Object.fromEntries(prepared.plugs.map((plug) => [plug.id, plug.version])) },
  };
  await writeAtomically(metadataFileOf(file), `${JSON.stringify(metadata, null, 2)}\n`);
  if (reason !== "before-migrate") return { file, metadata, pruned: [] };
  try {
    return { file, metadata, pruned: await prune(settings, deployment, name) };
  } catch (error) {
    return {
      file,
      metadata,
      pruned: [],
      pruneWarning: `could not remove older backups in ${settings.dir} (${(error as Error).message}); remove them by hand`,
    };
  }
}

/** The backup a start or `care migrate` takes when it is about to change the schema, unless told not to. */
export async function backupBeforeChange(
  database: CareDatabase,
  request: Omit<BackupRequest, "reason">,
  logger: Logger,
): Promise<TakenBackup | undefined> {
  if (request.settings.skip) {
    logger.warn("migrating without a backup: CARE_MIGRATE_WITHOUT_BACKUP is set");
    return undefined;
  }
  const taken = await takeBackup(database, { ...request, reason: "before-migrate" });
  logger.info({ backup: taken.file, pruned: taken.pruned }, `backup before migrating: ${taken.file}`);
  if (taken.pruneWarning) logger.warn(taken.pruneWarning);
  return taken;
}

/** The deployment's backups in `settings.dir`, newest first, as their metadata records them. */
export async function listBackups(dir: string, deployment: string): Promise<Array<{ file: string; metadata: BackupMetadata }>> {
  const names = await readdir(dir).catch(() => []);
  const found: Array<{ file: string; metadata: BackupMetadata }> = [];
  for (const name of names.filter((entry) => entry.endsWith(".json") && !entry.startsWith("."))) {
    const parsed = backupMetadataSchema.safeParse(await readJson(join(dir, name)));
    if (parsed.success && parsed.data.deployment === deployment) found.push({ file: join(dir, parsed.data.file), metadata: parsed.data });
  }
  return found.sort((a, b) => b.metadata.createdAt.localeCompare(a.metadata.createdAt));
}

/** A JSON file's value; undefined for one that is not JSON (not every .json in the folder is ours). */
async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Removes the oldest of the deployment's backups before a migration beyond `keep`, the backup before
 * its metadata. Only files this code names (`<deployment>-<time>-before-migrate.…`, bare names in the
 * folder) count, ordered by that name, and `written` (the one just taken) is always kept: manual and
 * before-restore backups stay until an operator removes them.
 */
async function prune(settings: BackupSettings, deployment: string, written: string): Promise<string[]> {
  const ours = new RegExp(
    `^${deployment.replace(/[^a-z0-9]/gi, "\\$&")}` +
      "-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z-before-migrate\\.(pglite\\.tar\\.gz|sql\\.gz)$",
  );
  const older = (await listBackups(settings.dir, deployment))
    .map((backup) => backup.metadata.file)
    .filter((name) => name !== written && name === basename(name) && ours.test(name))
    .sort()
    .reverse();
  const old = older.slice(Math.max(settings.keep - 1, 0)).map((name) => join(settings.dir, name));
  for (const file of old) {
    await rm(file, { force: true });
    await rm(metadataFileOf(file), { force: true });
  }
  return old;
}

/** Each plug's version as the registry records it; none on a database the core never migrated. */
async function recordedVersions(database: CareDatabase): Promise<Record<string, string>> {
  const rows = await database.db
    .selectFrom("care_system.plugs")
    .select(["id", "version"])
    .execute()
    .catch(() => []);
  return Object.fromEntries(rows.map((row) => [row.id, row.version]));
}
