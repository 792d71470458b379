#!/usr/bin/env node
import { careProgram } from "./cli/program.js";

/** Reports a failure as a mistake ([code] message, exit 1) or a bug (stack to a file, exit 70): errors/report-failure.ts. */
async function report(error: unknown): Promise<number> {
  const { reportCliFailure } = await import("./errors/report-failure.js");
  return reportCliFailure(error);
}

// A failure outside the command's own promise (an event handler's, say) is reported the same way,
// not as Node's bare stack trace.
process.once("uncaughtException", (error) => void report(error).then((code) => process.exit(code)));
process.once("unhandledRejection", (reason) => void report(reason).then((code) => process.exit(code)));

try {
  await careProgram().parseAsync(process.argv);
} catch (error) {
  const exitCode = await report(error);
  process.exitCode = exitCode;
  // PGlite's close() can reset the exit code to 0 after this ran (see the runtime's run.ts).
  process.once("exit", () => {
    process.exitCode = exitCode;
  });
}
