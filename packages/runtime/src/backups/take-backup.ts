import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
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
  /** Older backups removed to keep `settings.keep`. */
  pruned: string[];
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
  const recorded = { location: database.location, coreMigrations: await appliedCoreMigrations(database.db), plugs: await recordedVersions(database) };
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
  return { file, metadata, pruned: await prune(settings, deployment) };
}

/** The backup a start or `care migrate` takes when it is about to change the schema, unless told not to. */
export async function backupBeforeChange(database: CareDatabase, request: Omit<BackupRequest, "reason">, logger: Logger): Promise<TakenBackup | undefined> {
  if (request.settings.skip) {
    logger.warn("migrating without a backup: CARE_MIGRATE_WITHOUT_BACKUP is set");
    return undefined;
  }
  const taken = await takeBackup(database, { ...request, reason: "before-migrate" });
  logger.info({ backup: taken.file, pruned: taken.pruned }, `backup before migrating: ${taken.file}`);
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

/** Removes the oldest of the deployment's backups beyond `keep`, the backup before its metadata. */
async function prune(settings: BackupSettings, deployment: string): Promise<string[]> {
  const old = (await listBackups(settings.dir, deployment)).slice(settings.keep);
  for (const backup of old) {
    await rm(backup.file, { force: true });
    await rm(metadataFileOf(backup.file), { force: true });
  }
  return old.map((backup) => backup.file);
}

/** Each plug's version as the registry records it; none on a database the core never migrated. */
async function recordedVersions(database: CareDatabase): Promise<Record<string, string>> {
  const rows = await database.db.selectFrom("care_system.plugs").select(["id", "version"]).execute().catch(() => []);
  return Object.fromEntries(rows.map((row) => [row.id, row.version]));
}
