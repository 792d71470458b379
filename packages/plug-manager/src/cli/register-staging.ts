import type { Command } from "commander";
import type { StageCommandOptions } from "../serve/staging/stage-command.js";
import type { WorkspaceRoot } from "./program.js";

/** `care stage` and `care changes`: what the next apply (care serve's, care apply) will change. */
export function registerStagingCommands(program: Command, root: WorkspaceRoot): void {
  program
    .command("stage")
    .argument("[archive]", "a plug archive (.tgz made by care pack) to add or upgrade a plug with")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--disable <plug>", "stage switching a plug off")
    .option("--enable <plug>", "stage switching a plug on again")
    .option("--remove <plug>", "stage removing a plug from the deployment (its schema and data are kept)")
    .option("-y, --yes", "stage the archive after showing the review, without asking (needed where there is no terminal)")
    .option("--json", "print { inspection, staged, replaced } as JSON on stdout (the review goes to stderr)")
    .description(
      "inspect a plug archive as the console does (its signature against the trust policy, its declaration, the upgrade steps; none " +
        "of its code runs), ask, and stage it for the next apply; or stage disabling, enabling or removing a plug. One staged change " +
        "per plug: a new one replaces the one before",
    )
    .action(async (archive: string | undefined, options: StageCommandOptions) =>
      (await import("../serve/staging/stage-command.js")).stageCommand(root(), archive, options),
    );
  const changes = program
    .command("changes")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--json", "print { items: StagedChange[] } as JSON")
    .description("list the changes staged for the next apply, oldest first")
    .action(async (options: { deployment: string; json?: boolean }) =>
      (await import("../serve/staging/changes-command.js")).changesCommand(root(), options),
    );
  changes
    .command("discard")
    .argument("<id>", "the staged change's id, as care changes lists it")
    .description("unstage one change and delete its archive (care changes discard <id> -d <deployment>)")
    // -d belongs to `care changes`, which reads it wherever it is written on the line.
    .action(async (id: string, _options: unknown, command: Command) =>
      (await import("../serve/staging/changes-command.js")).discardCommand(root(), id, command.optsWithGlobals<{ deployment: string }>()),
    );
}
