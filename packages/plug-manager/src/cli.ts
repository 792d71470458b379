#!/usr/bin/env node
import { isCareCliError } from "./cli-error.js";
import { careProgram } from "./cli/program.js";

try {
  await careProgram().parseAsync(process.argv);
} catch (error) {
  // A user's mistake reads as a sentence, never a stack trace.
  process.stderr.write(`care: ${isCareCliError(error) ? error.describe() : (error as Error).message}\n`);
  process.exitCode = 1;
  // PGlite's close() can reset the exit code to 0 after this ran (see the runtime's run.ts).
  process.once("exit", () => {
    process.exitCode = 1;
  });
}
