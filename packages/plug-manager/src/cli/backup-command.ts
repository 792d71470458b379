import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { appliedCoreMigrations, isDataFolderError, restoreEmbedded, type CareDatabase } from "@care/core";
import { careCodeOf } from "@care/runtime/tooling";
import {
  checkBackup,
  preparePlugs,
  readSettings,
  restoreServerBackup,
  takeBackup,
  type DeploymentManifest,
  type PreparedPlugs,
  type Settings,
} from "@care/runtime/tooling";
import { CareCliError } from "../cli-error.js";
import { openDeployment } from "./deployment-runtime.js";
import { explainBackupError } from "./migrate-preview.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { importTypeScript } from "../workspace/load-typescript.js";

const say = (line: string) => void process.stdout.write(`${line}\n`);

/** `care backup`: by hand what a start does before it migrates; `care restore <file>`: back. */
export async function backupCommand(root: string, deployment: string): Promise<void> {
  const opened = await openDeployment(root, deployment, "backup");
  try {
    const taken = await takeBackup(opened.database, {
      deployment,
      reason: "manual",
      prepared: opened.prepared,
      settings: opened.settings.backups,
    }).catch(explainBackupError);
    say(`backup: ${taken.file} (${(taken.metadata.bytes / 1024 / 1024).toFixed(1)} MiB), its metadata in ${taken.file}.json`);
    for (const file of taken.pruned) say(`  removed the older backup ${file} (keeping ${opened.settings.backups.keep})`);
    say(`restore it: pnpm care restore ${taken.file} -d ${deployment}`);
  } finally {
    await opened.close();
  }
}

export async function restoreCommand(
  root: string,
  deployment: string,
  given: string,
  options: { withoutBackup?: boolean } = {},
): Promise<void> {
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), given);
  // This process's own sessions (its pool, pg_dump, psql) by name: the restore refuses any other.
  const ownApplication = `care restore ${process.pid}`;
  process.env.PGAPPNAME = ownApplication;
  const loaded = await loadDeployment(root, deployment);
  const engine = loaded.settings.databaseUrl ? "postgres" : "pglite";
  const metadata = await checkBackup(file, { deployment, engine, prepared: loaded.prepared }).catch(explainBackupError);
  const skip = options.withoutBackup || loaded.settings.backups.skip;
  // The copy of what is replaced, so that a wrong restore can be undone; without it, refused.
  const beforeRestore = async (current: CareDatabase) => {
    say(`replacing ${current.location} (core migrations ${(await appliedCoreMigrations(current.db)).at(-1) ?? "none"}) with ${file}`);
    if (skip) return say("backup before restore: none taken (--without-backup or CARE_MIGRATE_WITHOUT_BACKUP)");
    const taken = await takeBackup(current, {
      deployment,
      reason: "before-restore",
      prepared: loaded.prepared,
      settings: loaded.settings.backups,
    }).catch((error: unknown) => {
      throw new CareCliError(`cannot back up what the restore would replace (${(error as Error).message}); nothing was changed`, {
        code: "restore_backup_failed",
        hint:
          `fix that and run care restore again, or restore without that backup (take one with your own tools first): add ` +
          `--without-backup`,
        cause: error,
      });
    });
    say(`backup before restore: ${taken.file} (undo this restore with: pnpm care restore ${taken.file} -d ${deployment})`);
  };
  let location: string;
  if (engine === "postgres") {
    const opened = await openDeployment(root, deployment, "restore");
    location = opened.database.location;
    try {
      const restore = { sha256: metadata.sha256, ownApplication, beforeRestore: () => beforeRestore(opened.database) };
      await restoreServerBackup(opened.database, deployment, file, restore).catch(explainBackupError);
    } finally {
      await opened.close();
    }
  } else {
    location = `PGlite in ${loaded.settings.dataDir}`;
    // The exact bytes restored are the ones checked.
    const dump = await readFile(file);
    if (createHash("sha256").update(dump).digest("hex") !== metadata.sha256) {
      throw new CareCliError(`${file} changed after it was checked (its sha256 differs from the .json's). Nothing was changed`, {
        code: "restore_refused",
      });
    }
    const { damaged } = await restoreEmbedded(loaded.settings.dataDir, dump, { beforeRestore }).catch((error: unknown) => {
      if (isDataFolderError(error) && error.code === "data_folder_in_use") {
        throw new CareCliError(
          `the data folder ${error.path} is in use by ${error.holder}; \`care restore\` cannot open it while the deployment runs`,
          {
            code: error.code,
            hint: `stop the deployment first, then run \`pnpm care restore\` again`,
            cause: error,
          },
        );
      }
      if (error instanceof CareCliError) throw error;
      throw new CareCliError((error as Error).message, { code: careCodeOf(error) ?? "restore_failed", cause: error });
    });
    if (damaged) say(`the data folder did not open: it is kept aside, untouched, as ${damaged} (remove it once the restore is confirmed)`);
  }
  const plugs = Object.entries(metadata.database.plugs).map(([id, version]) => `${id} ${version}`);
  say(`restored ${file} into ${location}: the database is as it was at ${metadata.createdAt} (${metadata.reason})`);
  say(`  core migrations ${metadata.database.coreMigrations.at(-1) ?? "none"}; plugs ${plugs.length ? plugs.join(", ") : "none"}`);
  say(`the next start (or pnpm care migrate -d ${deployment}) migrates it to this bundle, backing it up first`);
}

/**
 * The deployment's settings and plugs without opening its database, as openDeployment reads them:
 * a PGlite restore must work on a data folder that no longer opens.
 */
async function loadDeployment(root: string, name: string): Promise<{ settings: Settings; prepared: PreparedPlugs }> {
  const paths = deploymentPaths(root, name);
  if (!deploymentExists(paths))
    throw new CareCliError(`no deployment "${name}": ${paths.config} does not exist`, { code: "deployment_missing" });
  const manifest = await importTypeScript<DeploymentManifest>(paths.manifest).catch((error: Error) => {
    throw new CareCliError(`${paths.manifest} could not be loaded (${error.message}); run \`pnpm care sync -d ${name}\` first`, {
      code: "manifest_unloadable",
    });
  });
  const env = { ...process.env, CARE_DATA_DIR: process.env.CARE_DATA_DIR || join(paths.dir, ".care", name, "data") };
  return { settings: readSettings(name, env), prepared: await preparePlugs(manifest, env) };
}
