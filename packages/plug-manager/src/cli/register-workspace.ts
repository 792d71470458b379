import type { Command } from "commander";
import type { WorkspaceRoot } from "./program.js";

/** `care init`, `care deployment new`, `care check`, `care sync` and `care version`: files of the workspace. */
export function registerWorkspaceCommands(program: Command, root: WorkspaceRoot): void {
  program
    .command("init")
    .argument("<dir>", "a new or empty folder")
    .option("--registry <url>", "the private registry the @care and @care-plugs scopes come from (written to .npmrc)")
    .description("start a deployment repository outside the Care repository: pnpm workspace, turbo tasks, compiler settings, .npmrc")
    .action(async (dir: string, options: { registry?: string }) =>
      (await import("./scaffold-commands.js")).initCommand(dir, options.registry),
    );

  const deployment = program.command("deployment").description("deployments: one composition app per site or network");
  deployment
    .command("new")
    .argument("<name>", "lowercase letters, digits and '-'")
    .description("scaffold apps/<name> (@care-deploy/<name>), starting with no plugs")
    .action(async (name: string) => (await import("./scaffold-commands.js")).newDeploymentCommand(root(), name));

  program
    .command("check")
    .description("everything knowable before start: config, packages, ids, ranges, dependencies, cycles, configs, migration chains")
    .option("-d, --deployment <name>", "one deployment (default: every deployment in apps/)")
    .option("--json", "print one JSON document on stdout instead of lines (its shape is below); the exit code is the same")
    .option("--no-cache", "check everything afresh: read and keep no results in node_modules/.cache/care (table types excepted)")
    .addHelpText("after", checkJsonHelp)
    .action(async (options: { deployment?: string; json?: boolean; cache?: boolean }) =>
      (await import("./check-command.js")).checkCommand(root(), options.deployment, options),
    );

  program
    .command("sync")
    .description("plug.config.ts → dependencies → pnpm install → install hooks → checks → src/plugs.generated.ts and plugs.lock.json")
    .option("-d, --deployment <name>", "one deployment (default: every deployment in apps/)")
    .option(
      "--allow-source-change <ids...>",
      "these plug ids may now come from another package or source kind than plugs.lock.json records",
    )
    .action(async (options: { deployment?: string; allowSourceChange?: string[] }) =>
      (await import("./sync-command.js")).syncCommand(root(), options.deployment, options.allowSourceChange),
    );

  program
    .command("version")
    .description("pnpm changeset version, then name each plug's upgrade/<old>_next.sql after its new version")
    .action(async () => (await import("./version-command.js")).versionCommand(root()));
}

const checkJsonHelp = `
With --json, stdout holds one JSON document:
  {
    "ok": boolean,                      true when no deployment has a problem
    "deployments": [{
      "deployment": string,             its folder name in apps/
      "ok": boolean,
      "problems": [{ "code": string, "plug": string | null, "message": string, "hint": string | null }],
      "notes": [{ "code": string, "plug": string | null, "message": string, "hint": string | null }]
    }]
  }
"notes" are what this environment cannot check (e.g. a secret whose variable it lacks). The exit code is 1
when there is a problem, as without --json; an error that stops the check itself is printed on stderr.`;
