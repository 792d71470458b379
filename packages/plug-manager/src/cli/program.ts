import { Command } from "commander";
import { findWorkspaceRoot } from "../workspace/find-root.js";
import { ownVersion } from "./own-version.js";
import { registerBuildCommands } from "./register-build.js";
import { registerDatabaseCommands } from "./register-database.js";
import { registerPlugCommands } from "./register-plug.js";
import { registerServeCommands } from "./register-serve.js";
import { registerStagingCommands } from "./register-staging.js";
import { registerWorkspaceCommands } from "./register-workspace.js";
import { CareCliError } from "../cli-error.js";

/** Where commands run: the workspace root, found when a command needs it (never for --help). */
export type WorkspaceRoot = () => string;

/**
 * The `care` command line: every command has --help; errors say what, where and what to do.
 * Registering a command loads nothing but commander: each action imports its module when it runs,
 * so `care --help` and `care --version` never load PGlite, Fastify, pg or the runtime.
 */
export function careProgram(): Command {
  const root: WorkspaceRoot = () => {
    const found = findWorkspaceRoot();
    if (!found)
      throw new CareCliError("not inside a Care workspace (no pnpm-workspace.yaml here or above); run care from the repository", {
        code: "workspace_not_found",
      });
    return found;
  };
  const program = new Command("care")
    .description("Care Plugs: compose deployments from plugs")
    .version(ownVersion(), "-V, --version", "print the version of the care CLI (@care/plug-manager)")
    .showHelpAfterError();
  registerWorkspaceCommands(program, root);
  registerPlugCommands(program, root);
  registerBuildCommands(program, root);
  registerDatabaseCommands(program, root);
  registerStagingCommands(program, root);
  registerServeCommands(program, root);
  return program;
}
