import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { isCareCliError } from "../cli-error.js";

/** EX_SOFTWARE (sysexits.h): an internal error, a bug in Care; a person's mistake exits with 1. */
export const bugExitCode = 70;
export const mistakeExitCode = 1;

/**
 * Care's codes are snake_case (runtime's careCodeOf, kept here too so that `care` loads no runtime
 * module to report a failure); Node's (ENOENT, ERR_…) and PostgreSQL's SQLSTATEs are not.
 */
const careCodePattern = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const fieldOf = (error: unknown, key: string): unknown =>
  typeof error === "object" && error !== null ? (error as Record<string, unknown>)[key] : undefined;
const careCodeOf = (error: unknown) => {
  const code = fieldOf(error, "code");
  return typeof code === "string" && careCodePattern.test(code) ? code : undefined;
};
/**
 * SQLSTATE classes that are the database server's situation, not a wrong query: connection (08),
 * authorization (28, 42501), a missing database (3D), resources (53), the operator (57), the system (58).
 */
const serverSituation = /^(08|28|3D|53|57|58)|^42501$/;
/**
 * The operating system refused (a file, a permission, a port, a refused connection), or the database
 * server did (a wrong password, a missing database): not a bug in Care. Causes are looked into.
 */
const systemCodeOf = (error: unknown, depth = 0): string | undefined => {
  if (typeof error !== "object" || error === null || depth > 3) return undefined;
  if (error instanceof AggregateError) return error.errors.map((each) => systemCodeOf(each, depth + 1)).find(Boolean);
  const code = fieldOf(error, "code");
  if (typeof code === "string" && typeof fieldOf(error, "syscall") === "string") return code;
  // pg's DatabaseError carries PostgreSQL's severity beside its SQLSTATE.
  if (typeof code === "string" && typeof fieldOf(error, "severity") === "string" && serverSituation.test(code)) return `PostgreSQL ${code}`;
  return systemCodeOf(fieldOf(error, "cause"), depth + 1);
};
/** Node's AggregateError for a refused connection has an empty message: its errors say it. */
const messageOf = (error: unknown): string => {
  if (error instanceof AggregateError && !error.message) return error.errors.map(messageOf).join("; ") || error.name;
  return error instanceof Error ? error.message || error.name : String(error);
};

/**
 * Prints why `care` failed and returns its exit code. A coded error is a mistake a person can fix:
 * `care: [code] message` and its hint, no stack (exit 1). A system error (ENOENT, ECONNREFUSED) is
 * the machine's, said as such (exit 1). Anything else is a bug: its stack and causes go to a file
 * under the OS temp folder, whose path is printed (exit 70).
 */
export function reportCliFailure(error: unknown, write: (text: string) => void = (text) => process.stderr.write(text)): number {
  const code = careCodeOf(error);
  // A CareCliError is meant for a person even without a code (the catalogue test requires one in source).
  if (code || isCareCliError(error)) {
    const hint = fieldOf(error, "hint");
    write(`care: ${code ? `[${code}] ` : ""}${messageOf(error)}\n${typeof hint === "string" && hint ? `  ${hint}\n` : ""}`);
    return mistakeExitCode;
  }
  const system = systemCodeOf(error);
  if (system) {
    write(
      `care: ${messageOf(error)} (${system})\n` +
        "  the system refused it (a file, a permission, a port or a connection): check what the message names, then run again\n",
    );
    return mistakeExitCode;
  }
  const file = writeBugReport(error);
  write(
    `care: internal error (a bug in Care, please report it): ${messageOf(error)}\n` +
      (file ? `  the stack trace is in ${file}; attach that file to the report\n` : `${inspect(error, { depth: 10 })}\n`),
  );
  return bugExitCode;
}

/** The whole failure, causes included, with what ran: the file a bug report needs. Undefined when it cannot be written. */
function writeBugReport(error: unknown): string | undefined {
  try {
    const dir = join(tmpdir(), "care-logs");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `care-internal-error-${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}.log`);
    const context = [
      `command: care ${process.argv.slice(2).join(" ")}`,
      `cwd: ${process.cwd()}`,
      `node: ${process.version} on ${process.platform}-${process.arch}`,
    ];
    writeFileSync(file, `${context.join("\n")}\n\n${inspect(error, { depth: 10, breakLength: 120 })}\n`);
    return file;
  } catch {
    return undefined;
  }
}
