import { Command } from "commander";
import { findWorkspaceRoot } from "../workspace/find-root.js";
import { registerBackupCommands } from "./backup-command.js";
import { registerDeliveriesCommand } from "./deliveries-command.js";
import { registerPurgeCommand } from "./purge-command.js";
import { resetPlugCommand } from "./reset-command.js";
import { registerPlugSwitchCommands } from "./plug-switch-command.js";
import { initCommand, addPlugCommand, bundleCommand, checkCommand, packCommand, parseCount, parseMiB, verifyCommand, versionCommand, type VerifyCommandOptions, migrateCommand, newDeploymentCommand, newPlugCommand, startCommand, syncCommand } from "./commands.js";
import { statusCommand } from "./status-command.js";

/** The `care` command line: every command has --help; errors say what, where and what to do. */
export function careProgram(): Command {
  const root = () => {
    const found = findWorkspaceRoot();
    if (!found) throw new Error("not inside a Care workspace (no pnpm-workspace.yaml here or above); run care from the repository");
    return found;
  };
  const program = new Command("care").description("Care Plugs: compose deployments from plugs").showHelpAfterError();

  program
    .command("init")
    .argument("<dir>", "a new or empty folder")
    .option("--registry <url>", "the private registry the @care and @care-plugs scopes come from (written to .npmrc)")
    .description("start a deployment repository outside the Care repository: pnpm workspace, turbo tasks, compiler settings, .npmrc")
    .action((dir: string, options: { registry?: string }) => initCommand(dir, options.registry));

  const deployment = program.command("deployment").description("deployments: one composition app per site or network");
  deployment
    .command("new")
    .argument("<name>", "lowercase letters, digits and '-'")
    .description("scaffold apps/<name> (@care-deploy/<name>), starting with no plugs")
    .action((name: string) => newDeploymentCommand(root(), name));

  const plug = program.command("plug").description("plugs: create one, or add one to a deployment");
  plug
    .command("new")
    .argument("<id>", "the plug id: lowercase letters, digits and '_'")
    .description("scaffold plugs/<id> (@care-plugs/<id>) with a config, a handler, a route, install.sql, a test and a changeset")
    .action((id: string) => newPlugCommand(root(), id));
  plug
    .command("add")
    .argument("<package>", "a workspace or registry package (optionally @version), a git URL with its tag (git+https://…#v1.2.0), or a plug archive (./x.tgz)")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--id <id>", "the plug's id in this deployment (default: its own)")
    .option("-y, --yes", "add it after showing the review, without asking (needed where there is no terminal)")
    .description("show what the plug declares and who signed it before any of its code runs, ask, then add it to plug.config.ts (keeping its formatting) and sync")
    .action((spec: string, options: { deployment: string; id?: string; yes?: boolean }) => addPlugCommand(root(), spec, options.deployment, options.id, options.yes));
  plug
    .command("reset")
    .argument("<id>", "the plug's id in the deployment")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--confirm <id>", "the same id again: the plug's schema and data are deleted")
    .description("on a development database only: drop a plug's schema built from an unreleased install.sql, so the next start installs it afresh")
    .action((id: string, options: { deployment: string; confirm?: string }) => resetPlugCommand(root(), options.deployment, id, options.confirm));
  registerPlugSwitchCommands(plug, root);
  registerPurgeCommand(plug, root);

  program
    .command("check")
    .description("everything knowable before start: config, packages, ids, ranges, dependencies, cycles, configs, migration chains")
    .option("-d, --deployment <name>", "one deployment (default: every deployment in apps/)")
    .action((options: { deployment?: string }) => checkCommand(root(), options.deployment));

  program
    .command("sync")
    .description("plug.config.ts → dependencies → pnpm install → install hooks → checks → src/plugs.generated.ts and plugs.lock.json")
    .option("-d, --deployment <name>", "one deployment (default: every deployment in apps/)")
    .option("--allow-source-change <ids...>", "these plug ids may now come from another package or source kind than plugs.lock.json records")
    .action((options: { deployment?: string; allowSourceChange?: string[] }) => syncCommand(root(), options.deployment, options.allowSourceChange));
  program
    .command("bundle")
    .description("build the deployment into apps/<name>/bundle/<name>/ and <name>.tgz: code, production dependencies, migrations, manifest and lock; `node dist/main.js` starts it offline")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--no-build", "skip building (turbo's bundle task has built everything already)")
    .action((options: { deployment: string; build: boolean }) => bundleCommand(root(), options.deployment, options.build));
  program
    .command("pack")
    .argument("<plug-dir>", "a plug's folder, e.g. plugs/hello (build it first)")
    .option("-o, --out-dir <dir>", "where to write the .tgz and its .sha256", ".")
    .option("--sign <private-key>", "sign the packed files with this ed25519 key (ssh-keygen -Y sign); the signature goes inside the archive as care-plug.sig")
    .description("pnpm pack a plug (only its `files`, workspace ranges made real) into <name>-<version>.tgz, write <tgz>.sha256, and verify the result")
    .action((dir: string, options: { outDir: string; sign?: string }) => packCommand(dir, options.outDir, options.sign));
  program
    .command("verify")
    .argument("<archive>", "a plug's .tgz, e.g. care-plugs-hello-0.1.0.tgz")
    .option("--checksum <file>", "its sha256sum-style checksum file (default: <archive>.sha256 next to it)")
    .option("--max-file-size <MiB>", "largest file allowed (default 20)", parseMiB)
    .option("--max-total-size <MiB>", "all files together, unpacked (default 100)", parseMiB)
    .option("--max-entries <n>", "most entries allowed (default 10000)", parseCount)
    .option("-d, --deployment <name>", "judge its signature by this deployment's trust policy, as care plug add would")
    .option("--key <publisher.pub>", "judge its signature against this one publisher key")
    .description("check a plug archive before installing it, without unpacking it: checksum, gzip tar, paths inside package/, no links or devices, sizes, and a valid care.plug block")
    .action((file: string, options: VerifyCommandOptions) => verifyCommand(file, options, root));
  program
    .command("migrate")
    .description("apply the core's and the plugs' migrations to the deployment's database (backing it up first when something is pending), and print what ran")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--plan", "only list what would run, core first, then each plug in start order; changes nothing")
    .option("--rehearse", "run the whole migration in one transaction and roll it back: each step's time, and the first failure with its plug, file and line")
    .action((options: { deployment: string; plan?: boolean; rehearse?: boolean }) => migrateCommand(root(), options.deployment, options));
  registerBackupCommands(program, root);
  program
    .command("status")
    .description("installed against bundled plug versions, the steps a migrate would run, switched-off and detached plugs, and each plug's own check as the running deployment reports it")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--url <url>", "where the running deployment answers (default: http://HOST:PORT from the environment, as it starts)")
    .action((options: { deployment: string; url?: string }) => statusCommand(root(), options.deployment, options.url));
  registerDeliveriesCommand(program, root);
  program
    .command("start")
    .description("build the deployment and start it")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .action((options: { deployment: string }) => startCommand(root(), options.deployment));
  program
    .command("version")
    .description("pnpm changeset version, then name each plug's upgrade/<old>_next.sql after its new version")
    .action(() => versionCommand(root()));
  return program;
}
