import { inspect } from "node:util";
import { careCodeOf, hintOf } from "./errors/coded-error.js";

/** EX_SOFTWARE (sysexits.h): the start failed on a bug (no code); a coded refusal exits with 1. */
export const bugExitCode = 70;

/**
 * What `main.ts` prints when the deployment does not start, and its exit code. A coded refusal
 * (settings, plugs, data folder, migrations...) or the system's (a port, a file, the database
 * server's SQLSTATE) is a line with its code and what to do, no stack (exit 1). Anything else is a
 * bug in Care or in a plug: said so, with the whole stack and its causes (exit 70).
 */
export function startFailure(error: unknown): { text: string; exitCode: number } {
  const hint = hintOf(error);
  const line = `Care could not start: ${describeFailure(error)}${hint ? `\n  ${hint}` : ""}\n`;
  if (careCodeOf(error) || isSystemFailure(error)) return { text: line, exitCode: 1 };
  return {
    text:
      `Care could not start: internal error (a bug in Care or in a plug, please report it with what follows): ${describeFailure(error)}\n` +
      `${inspect(error, { depth: 10 })}\n`,
    exitCode: bugExitCode,
  };
}

/** The operating system's refusal (errno and syscall) or the database server's (SQLSTATE), at any depth of causes. */
function isSystemFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 3) return false;
  if (error instanceof AggregateError && error.errors.some((each) => isSystemFailure(each, depth + 1))) return true;
  if (typeof (error as { syscall?: unknown }).syscall === "string") return true;
  // A wrong query is a bug; the server's situation (connection 08, authorization 28/42501, a missing
  // database 3D, resources 53, the operator 57, the system 58) is not.
  if (isSqlState(error) && /^(08|28|3D|53|57|58)|^42501$/.test(String((error as { code?: unknown }).code))) return true;
  return isSystemFailure((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * A failure as one line with its real cause: the message with its stable code (data_folder_…,
 * an errno such as EACCES, or PostgreSQL's SQLSTATE), its path, and what caused it. Libraries
 * throw things that are not Errors (PGlite's file system throws `{ name, errno }`), and Node's
 * AggregateError for a refused connection has an empty message.
 */
export function describeFailure(error: unknown, depth = 0): string {
  const { code, path, cause } = fieldsOf(error);
  let line = messageOf(error);
  if (code && !line.includes(code)) line = isSqlState(error) ? `${line} (PostgreSQL error ${code})` : `${code}: ${line}`;
  if (path && !line.includes(path)) line = `${line} (${path})`;
  // An error with a code of its own says what its cause means; a plain wrapper may not.
  if (cause !== undefined && !code && depth < 3) line = withCause(line, cause, depth);
  return line;
}

/** A wrapper's line with what its cause adds: all of it, or the code and path the wrapper left out. */
function withCause(line: string, cause: unknown, depth: number): string {
  if (!line.includes(messageOf(cause))) return `${line} (${describeFailure(cause, depth + 1)})`;
  const { code, path } = fieldsOf(cause);
  const codeNote = code && !line.includes(code) ? (isSqlState(cause) ? `PostgreSQL error ${code}` : code) : undefined;
  const missing = [codeNote, path && !line.includes(path) ? path : undefined].filter(Boolean);
  return missing.length ? `${line} (${missing.join(", ")})` : line;
}

function fieldsOf(error: unknown): { code?: string; path?: string; cause?: unknown } {
  if (typeof error !== "object" || error === null) return {};
  const { code, path, cause } = error as Record<string, unknown>;
  return {
    ...(typeof code === "string" && code && { code }),
    ...(typeof path === "string" && { path }),
    ...(cause !== undefined && { cause }),
  };
}

/** pg's DatabaseError carries PostgreSQL's severity beside its SQLSTATE `code`. */
const isSqlState = (error: unknown) => typeof (error as { severity?: unknown }).severity === "string";

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map((each) => messageOf(each)).join("; ") || error.name;
  if (error instanceof Error) return error.message || error.name;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === "string" && message) return message;
  if (typeof error === "object" && error !== null) return inspect(error, { depth: 2, breakLength: Infinity });
  return String(error);
}
