/**
 * PostgreSQL SQLSTATEs that mean "the server or the connection is gone", not "your query is wrong":
 * class 08 (connection exception), and the server shutting down, crashing or still starting.
 */
const unavailableStates = /^(08...|57P01|57P02|57P03|53300)$/;

/** Socket-level failures reaching the server. */
const unavailableErrnos = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** What node-postgres says, without a code, when a connection dies under it or cannot be made in time. */
const unavailableMessages =
  /connection terminated|not queryable|timeout exceeded when trying to connect|connection timeout|server closed the connection/i;

/**
 * True when `error` means the database cannot be reached right now: the caller should be told to
 * retry (503), the process must carry on, and nothing about the request's input was wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (unavailableStates.test(code) || unavailableErrnos.has(code))) return true;
    if (typeof message === "string" && unavailableMessages.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
