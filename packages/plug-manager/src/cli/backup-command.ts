import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { appliedCoreMigrations, isDataFolderError, restoreEmbedded } from "@care/core";
import { checkBackup, restoreServerBackup, takeBackup } from "@care/runtime";
import type { Command } from "commander";
import { CareCliError } from "../cli-error.js";
import { openDeployment } from "./deployment-runtime.js";
import { explainBackupError } from "./migrate-preview.js";

const say = (line: string) => void process.stdout.write(`${line}\n`);

/** `care backup` and `care restore <file>`: by hand what a start does before it migrates, and back. */
export function registerBackupCommands(program: Command, root: () => string): void {
  program
    .command("backup")
    .description("back up the deployment's database (PGlite: its data folder; a server: pg_dump) into its backup folder, keeping the newest CARE_BACKUP_KEEP (5)")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .action((options: { deployment: string }) => backupCommand(root(), options.deployment));
  program
    .command("restore")
    .argument("<file>", "a backup care backup (or a start before migrating) wrote, with its .json beside it")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .description("replace the deployment's database with a backup, all or nothing; refused while the deployment runs, and for a newer bundle's backup")
    .action((file: string, options: { deployment: string }) => restoreCommand(root(), options.deployment, file));
}

export async function backupCommand(root: string, deployment: string): Promise<void> {
  const opened = await openDeployment(root, deployment, "backup");
  try {
    const taken = await takeBackup(opened.database, { deployment, reason: "manual", prepared: opened.prepared, settings: opened.settings.backups }).catch(explainBackupError);
    say(`backup: ${taken.file} (${(taken.metadata.bytes / 1024 / 1024).toFixed(1)} MiB), its metadata in ${taken.file}.json`);
    for (const file of taken.pruned) say(`  removed the older backup ${file} (keeping ${opened.settings.backups.keep})`);
    say(`restore it: pnpm care restore ${taken.file} -d ${deployment}`);
  } finally {
    await opened.close();
  }
}

export async function restoreCommand(root: string, deployment: string, given: string): Promise<void> {
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), given);
  // Opening refuses while a deployment holds its PGlite data folder; on a server the restore's lock does.
  const opened = await openDeployment(root, deployment, "restore");
  let open = true;
  try {
    // What is being replaced, said first. (Also: PGlite closed without a query keeps the process alive.)
    const replaced = await appliedCoreMigrations(opened.database.db);
    const metadata = await checkBackup(file, { deployment, engine: opened.database.engine, prepared: opened.prepared }).catch(explainBackupError);
    const location = opened.database.location;
    say(`replacing ${location} (core migrations ${replaced.at(-1) ?? "none"}) with ${file}`);
    if (opened.database.engine === "postgres") {
      await restoreServerBackup(opened.database, deployment, file).catch(explainBackupError);
    } else {
      const dump = await readFile(file);
      open = false;
      await opened.close();
      await restoreEmbedded(opened.settings.dataDir, dump).catch((error: unknown) => {
        if (isDataFolderError(error)) throw new CareCliError(`${error.code}: ${error.message}`, { cause: error });
        throw new CareCliError(`${(error as Error).message}`, { cause: error });
      });
    }
    const plugs = Object.entries(metadata.database.plugs).map(([id, version]) => `${id} ${version}`);
    say(`restored ${file} into ${location}: the database is as it was at ${metadata.createdAt} (${metadata.reason})`);
    say(`  core migrations ${metadata.database.coreMigrations.at(-1) ?? "none"}; plugs ${plugs.length ? plugs.join(", ") : "none"}`);
    say(`the next start (or pnpm care migrate -d ${deployment}) migrates it to this bundle, backing it up first`);
  } finally {
    if (open) await opened.close();
  }
}
