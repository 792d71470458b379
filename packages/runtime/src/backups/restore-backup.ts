import { existsSync } from "node:fs";
import { pendingCoreMigrations, type CareDatabase } from "@care/core";
import semver from "semver";
import type { PreparedPlugs } from "../plugs/prepare.js";
import { sha256OfFile } from "./atomic-file.js";
import { BackupError } from "./backup-error.js";
import { readBackupMetadata, type BackupMetadata } from "./backup-metadata.js";
import { holdRestoreMark } from "./running-mark.js";
import { restoreServer } from "./server-dump.js";

/**
 * The backup's metadata, once it is known to be whole and to belong here: this deployment, this
 * engine, and nothing newer than this bundle (a core migration it does not know, a plug version
 * above the bundle's). Anything else is refused (`restore_refused`) before a thing is changed.
 */
export async function checkBackup(
  file: string,
  target: { deployment: string; engine: CareDatabase["engine"]; prepared: PreparedPlugs },
): Promise<BackupMetadata> {
  if (!existsSync(file)) throw new BackupError("restore_refused", `${file} does not exist. Nothing was changed`);
  const metadata = await readBackupMetadata(file);
  const refuse = (why: string) =>
    new BackupError("restore_refused", `${file} cannot be restored into deployment ${target.deployment}: ${why}. Nothing was changed`);
  if (metadata.deployment !== target.deployment) throw refuse(`it is a backup of deployment ${metadata.deployment}`);
  if (metadata.engine !== target.engine) {
    throw refuse(
      `it is a backup of ${metadata.engine === "pglite" ? "an embedded (PGlite) database" : "a PostgreSQL server database"}, ` +
        `and this deployment uses ${target.engine === "pglite" ? "an embedded one (no DATABASE_URL)" : "a server (DATABASE_URL)"}`,
    );
  }
  if ((await sha256OfFile(file)) !== metadata.sha256)
    throw refuse("the file is not the one the backup wrote (its sha256 differs from the .json's): it is damaged or was changed");
  try {
    pendingCoreMigrations(metadata.database.coreMigrations);
  } catch {
    throw refuse(
      `a newer Care wrote it (core ${metadata.bundle.core}, with core migrations this bundle does not know); ` +
        "restore it with that bundle or a later one",
    );
  }
  for (const [id, version] of Object.entries(metadata.database.plugs)) {
    const bundled = target.prepared.plugs.find((plug) => plug.id === id);
    if (bundled && semver.valid(version) && semver.gt(version, bundled.version)) {
      throw refuse(
        `it holds plug ${id} at ${version}, newer than this bundle's ${bundled.version}; ` +
          `plugs are never downgraded: restore it with a bundle that has ${id} ${version} or later`,
      );
    }
  }
  return metadata;
}

/**
 * A server backup replayed in one transaction, refused while any instance of the deployment runs.
 * `beforeRestore` (the backup of what is replaced) runs once the restore holds the deployment.
 */
export async function restoreServerBackup(
  database: CareDatabase,
  deployment: string,
  file: string,
  options: { sha256: string; ownApplication: string; beforeRestore: () => Promise<void> },
): Promise<void> {
  const release = await holdRestoreMark(database, deployment, options.ownApplication);
  try {
    await options.beforeRestore();
    await restoreServer(database, file, options.sha256);
  } finally {
    await release();
  }
}
