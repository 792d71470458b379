import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import { formatBytes, packPlug, verifyArchive, type ArchiveLimits } from "../archive/index.js";
import { backupBeforeChange, migrateDeployment } from "@care/runtime";
import { bundleDeployment } from "../bundler/bundle-deployment.js";
import { checkDeployment } from "../check/check-deployment.js";
import { renameNextStep } from "../check/migration-drift.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { CareCliError } from "../cli-error.js";
import { describeArchiveTrust, type VerifyTrust } from "../trust/verify-report.js";
import { initWorkspace, scaffoldDeployment, scaffoldPlug, type ScaffoldResult } from "../scaffold/index.js";
import { addPlug } from "../sync/add-plug.js";
import { syncDeployment } from "../sync/sync-deployment.js";
import { runCommand } from "../workspace/run-command.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { markDetachedAfterMigrate } from "./detached-plugs.js";
import { openDeployment, quietLogger } from "./deployment-runtime.js";
import { explainBackupError, sayMigrationPlan, sayRehearsal } from "./migrate-preview.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Every deployment, when a command is not given `-d`. */
async function allDeployments(root: string): Promise<string[]> {
  const entries = await readdir(join(root, "apps"), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && deploymentExists(deploymentPaths(root, entry.name))).map((entry) => entry.name);
}

export async function syncCommand(root: string, deployment: string | undefined, allowSourceChange: string[] = []): Promise<void> {
  const names = deployment ? [deployment] : await allDeployments(root);
  for (const name of names) {
    say(`▸ sync ${name}`);
    await syncDeployment({ root, deployment: name, log: say, allowSourceChange });
  }
}

export async function migrateCommand(root: string, deployment: string, options: { plan?: boolean; rehearse?: boolean } = {}): Promise<void> {
  if (options.plan && options.rehearse) throw new CareCliError("give --plan or --rehearse, not both; nothing was changed");
  const opened = await openDeployment(root, deployment, "migrate");
  try {
    if (options.plan) return await sayMigrationPlan(opened);
    if (options.rehearse) return await sayRehearsal(opened);
    // The backup before change: refused (backup_unavailable) when none can be taken, and nothing migrates.
    const beforeChange = async () => {
      const taken = await backupBeforeChange(opened.database, { deployment, prepared: opened.prepared, settings: opened.settings.backups }, quietLogger()).catch(explainBackupError);
      say(taken ? `backup: ${taken.file}` : "backup: none taken (CARE_MIGRATE_WITHOUT_BACKUP is set)");
      for (const file of taken?.pruned ?? []) say(`  removed the older backup ${file} (keeping ${opened.settings.backups.keep})`);
      if (taken?.pruneWarning) say(`  warning: ${taken.pruneWarning}`);
    };
    const report = await migrateDeployment(opened.prepared, opened.database, quietLogger(), { beforeChange });
    await markDetachedAfterMigrate(opened, deployment);
    say(report.core.length ? `core: applied ${report.core.join(", ")}` : "core: up to date");
    for (const plug of report.plugs) {
      const what = plug.plan === "current" ? `up to date at ${plug.to}` : plug.plan === "install" ? `installed ${plug.to}` : `upgraded ${plug.from} → ${plug.to}`;
      say(`plug ${plug.id}: ${what}${plug.ran.length ? ` (ran ${plug.ran.join(", ")})` : ""}`);
      for (const step of plug.changedSinceRun) say(`  warning: ${step} changed after it ran`);
    }
  } finally {
    await opened.close();
  }
}

/** Builds the deployment and runs it as production does: `node dist/main.js` in its folder. */
export async function startCommand(root: string, deployment: string): Promise<void> {
  const paths = deploymentPaths(root, deployment);
  if (!deploymentExists(paths)) throw new Error(`no deployment "${deployment}": ${paths.config} does not exist`);
  await runCommand("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only", "--filter", `@care-deploy/${deployment}...`], {
    cwd: root,
    onLine: (line) => say(`  turbo │ ${line}`),
  });
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, ["--enable-source-maps", "dist/main.js"], { cwd: paths.dir, stdio: "inherit" });
  // The deployment handles SIGINT/SIGTERM itself; pass them on and wait for it.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  process.exitCode = await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

function reportScaffold(result: ScaffoldResult): void {
  say(`created ${result.dir} (${result.packageName}): ${result.files.length} files`);
  say("next:");
  for (const step of result.nextSteps) say(`  ${step}`);
}

export async function initCommand(dir: string, registry: string | undefined): Promise<void> {
  reportScaffold(await initWorkspace({ dir: resolve(process.env.INIT_CWD ?? process.cwd(), dir), registry }));
}

export async function newDeploymentCommand(root: string, name: string): Promise<void> {
  reportScaffold(await scaffoldDeployment({ root, name }));
}

export async function newPlugCommand(root: string, id: string): Promise<void> {
  reportScaffold(await scaffoldPlug({ root, id }));
}

export async function addPlugCommand(root: string, spec: string, deployment: string, id: string | undefined, yes?: boolean): Promise<void> {
  await addPlug({ root, deployment, spec, id, yes, log: say, from: process.env.INIT_CWD ?? process.cwd() });
  say(`added ${spec} to ${deployment}`);
}

export async function checkCommand(root: string, deployment: string | undefined): Promise<void> {
  const names = deployment ? [deployment] : await allDeployments(root);
  let failed = 0;
  for (const name of names) {
    say(`▸ check ${name}`);
    const { problems, notes } = await checkDeployment(root, name);
    for (const note of notes) say(`  note: ${note} (not checked: this environment does not set it)`);
    for (const problem of problems) say(`  ✗ ${problem.replace(/\n/g, "\n    ")}`);
    if (problems.length === 0) say("  ✓ no problems");
    failed += problems.length;
  }
  if (failed) throw new CareCliError(`${failed} problem(s) found`, { hint: "fix them and run pnpm care check again" });
}

/**
 * `pnpm changeset version`, then each plug's `upgrade/<old>_next.sql` gets the plug's new version:
 * the step written before the release knew its number.
 */
export async function versionCommand(root: string): Promise<void> {
  await runCommand("pnpm", ["exec", "changeset", "version"], { cwd: root, onLine: (line) => say(`  changeset │ ${line}`) });
  for (const plug of (await workspacePackages(root)).values()) {
    if (!plug.isPlug) continue;
    const renamed = await renameNextStep(join(plug.dir, "migrations"), plug.version);
    if (renamed) say(`${plug.name}: ${renamed.from} → ${renamed.to}`);
  }
}

export async function bundleCommand(root: string, deployment: string, build: boolean): Promise<void> {
  await bundleDeployment(root, deployment, say, { build });
}

/** A path the user typed: `pnpm care` runs in the workspace root, INIT_CWD is where they were. */
const fromUser = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

export function parseMiB(value: string): number {
  const mib = Number(value);
  if (!Number.isFinite(mib) || mib <= 0) throw new InvalidArgumentError("expected a size in MiB, e.g. 20");
  return Math.round(mib * 1024 * 1024);
}

export function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count <= 0) throw new InvalidArgumentError("expected a whole number, e.g. 10000");
  return count;
}

/** `care pack <plug-dir>`: pnpm pack into --out-dir, the .sha256 next to it, then verified as care verify would. */
export async function packCommand(dir: string, outDir: string, sign?: string): Promise<void> {
  const packed = await packPlug(fromUser(dir), { outDir: fromUser(outDir), ...(sign !== undefined && { sign: fromUser(sign) }) });
  const verified = await verifyArchive(packed.tarball, { checksumFile: packed.checksumFile });
  say(`packed ${packed.name}@${packed.version} (plug ${packed.id}): ${verified.files.length} files, ${formatBytes(verified.unpackedSize)} unpacked`);
  say(`  ${packed.tarball}`);
  say(`  ${packed.checksumFile}  (sha256 ${packed.sha256})`);
  if (packed.signedWith) say(`  signed (care-plug.sig inside) with key ${packed.signedWith}; publish your .pub file so sites can trust it`);
}

export interface VerifyCommandOptions {
  checksum?: string;
  maxFileSize?: number;
  maxTotalSize?: number;
  maxEntries?: number;
  deployment?: string;
  key?: string;
}

/** `care verify <archive>`: checksum, entries, sizes and the plug's package.json, without unpacking. */
export async function verifyCommand(file: string, options: VerifyCommandOptions, root?: () => string): Promise<void> {
  if (options.deployment !== undefined && options.key !== undefined) throw new CareCliError("give -d <deployment> or --key <file>, not both", { code: "invalid_arguments" });
  const limits: Partial<ArchiveLimits> = {};
  if (options.maxFileSize !== undefined) limits.maxEntrySize = options.maxFileSize;
  if (options.maxTotalSize !== undefined) limits.maxTotalSize = options.maxTotalSize;
  if (options.maxEntries !== undefined) limits.maxEntries = options.maxEntries;
  const verified = await verifyArchive(fromUser(file), { checksumFile: options.checksum === undefined ? undefined : fromUser(options.checksum), limits });
  say(`✓ ${verified.name}@${verified.version} (plug ${verified.id}): ${verified.files.length} files, ${formatBytes(verified.unpackedSize)} unpacked, sha256 ${verified.sha256}`);
  const trust: VerifyTrust =
    options.deployment !== undefined && root ? { deployment: options.deployment, root: root() } : options.key !== undefined ? { keyFile: fromUser(options.key) } : undefined;
  say(`  signature: ${await describeArchiveTrust(verified, trust)}`);
}
