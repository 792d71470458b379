#!/usr/bin/env node
import { careProgram } from "./cli/program.js";

try {
  await careProgram().parseAsync(process.argv);
} catch (error) {
  // A mistake reads as `[code] message` and a hint; a bug says so and where its stack is (errors/report-failure.ts).
  const { reportCliFailure } = await import("./errors/report-failure.js");
  const exitCode = reportCliFailure(error);
  process.exitCode = exitCode;
  // PGlite's close() can reset the exit code to 0 after this ran (see the runtime's run.ts).
  process.once("exit", () => {
    process.exitCode = exitCode;
  });
}
