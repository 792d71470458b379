import { inspect } from "node:util";

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
  return { ...(typeof code === "string" && code && { code }), ...(typeof path === "string" && { path }), ...(cause !== undefined && { cause }) };
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
