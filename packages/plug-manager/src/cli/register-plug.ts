import type { Command } from "commander";
import type { PurgeOptions } from "./purge-command.js";
import type { WorkspaceRoot } from "./program.js";

/** `care plug …`: create one, add one, generate its table types, switch it, reset or purge its schema. */
export function registerPlugCommands(program: Command, root: WorkspaceRoot): void {
  const plug = program.command("plug").description("plugs: create one, or add one to a deployment");
  plug
    .command("new")
    .argument("<id>", "the plug id: lowercase letters, digits and '_'")
    .description("scaffold plugs/<id> (@care-plugs/<id>) with a config, a handler, a route, install.sql, a test and a changeset")
    .action(async (id: string) => (await import("./scaffold-commands.js")).newPlugCommand(root(), id));
  plug
    .command("add")
    .argument(
      "<package>",
      "a workspace or registry package (optionally @version), a git URL with its tag (git+https://…#v1.2.0), or a plug archive (./x.tgz)",
    )
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--id <id>", "the plug's id in this deployment (default: its own)")
    .option("-y, --yes", "add it after showing the review, without asking (needed where there is no terminal)")
    .description(
      "show what the plug declares and who signed it before any of its code runs, ask, then add it to plug.config.ts (keeping its " +
        "formatting) and sync",
    )
    .action(async (spec: string, options: { deployment: string; id?: string; yes?: boolean }) =>
      (await import("./add-plug-command.js")).addPlugCommand(root(), spec, options.deployment, options.id, options.yes),
    );
  plug
    .command("types")
    .argument("[dirs...]", "plug folders, e.g. plugs/lab (default: every plug in plugs/)")
    .option("--check", "write nothing; fail, listing each plug whose src/tables.generated.ts is stale")
    .description("generate each plug's src/tables.generated.ts (the types of its own tables) from its migrations/install.sql")
    .action(async (dirs: string[], options: { check?: boolean }) =>
      (await import("../types/plug-types-command.js")).plugTypesCommand(root(), dirs, options),
    );
  plug
    .command("reset")
    .argument("<id>", "the plug's id in the deployment")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--confirm <id>", "the same id again: the plug's schema and data are deleted")
    .description(
      "on a development database only: drop a plug's schema built from an unreleased install.sql, so the next start installs it afresh",
    )
    .action(async (id: string, options: { deployment: string; confirm?: string }) =>
      (await import("./reset-command.js")).resetPlugCommand(root(), options.deployment, id, options.confirm),
    );
  for (const enabled of [false, true]) {
    plug
      .command(enabled ? "enable" : "disable")
      .argument("<id>", "the plug's id in the deployment")
      .requiredOption("-d, --deployment <name>", "the deployment")
      .description(
        enabled
          ? "switch a plug on again (enabled: true in plug.config.ts, then sync); at the next start it migrates if it must, and its " +
              "held deliveries are delivered"
          : "switch a plug off without removing it (enabled: false in plug.config.ts, then sync): its routes answer 503, its " +
              "handlers do not run, " +
              "its durable deliveries are held, its data is kept; takes effect at the next start",
      )
      .action(async (id: string, options: { deployment: string }) =>
        (await import("./plug-switch-command.js")).switchCommand(root(), options.deployment, id, enabled),
      );
  }
  plug
    .command("purge")
    .argument("<id>", "a plug removed from the deployment's plug.config.ts (care status lists them as detached)")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--confirm <id>", "the same id again: the plug's schema, data, role, registry rows and deliveries are deleted")
    .option("--export-dir <folder>", "where the export is written (default: .care/<deployment>/exports next to the data folder)")
    .description(
      "export a detached plug's schema and rows to a file, then delete them, its role, registry rows and deliveries in one transaction",
    )
    .action(async (id: string, options: PurgeOptions) => (await import("./purge-command.js")).purgeCommand(root(), id, options));
}
