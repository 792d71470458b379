import { InvalidArgumentError, type Command } from "commander";
import type { WorkspaceRoot } from "./program.js";

/** `care serve` and `care apply`: run a deployment under a supervisor, and apply staged changes through it. */
export function registerServeCommands(program: Command, root: WorkspaceRoot): void {
  program
    .command("serve")
    .description(
      "run the deployment under a supervisor on this server: its releases (release 1 bundled on the first run), restarts after a " +
        "crash, and the control socket through which staged changes are applied with a health gate and automatic rollback",
    )
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--health-window <seconds>", "how long /health/ready must answer 200 after an apply's restart (default 30)", parseSeconds)
    .option("--start-timeout <seconds>", "how long a release may take to serve and be ready (default 120)", parseSeconds)
    .action(async (options: { deployment: string; healthWindow?: number; startTimeout?: number }) =>
      (await import("../serve/serve-command.js")).serveCommand(root(), options),
    );
  program
    .command("apply")
    .description(
      "apply the staged changes (or a bundle built elsewhere) through care serve: build offline, rehearse, back up, migrate, " +
        "restart, hold the health gate, roll back on any failure; follows it step by step (exit 0 when applied)",
    )
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--bundle <tgz>", "a bundle care bundle wrote elsewhere (CI), applied instead of the staged changes")
    .action(async (options: { deployment: string; bundle?: string }) =>
      (await import("../serve/apply-command.js")).applyCommand(root(), options),
    );
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
    throw new InvalidArgumentError("expected seconds, from 1 to 3600, e.g. 30");
  return seconds;
}
