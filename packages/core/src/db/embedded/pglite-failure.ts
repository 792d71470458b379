import { inspect } from "node:util";

/** Emscripten's errno numbers (musl's WebAssembly table) for the ones a data folder runs into. */
const emscriptenErrnos: Record<number, string> = {
  2: "EACCES",
  8: "EBADF",
  20: "EEXIST",
  29: "EIO",
  44: "ENOENT",
  51: "ENOSPC",
  54: "ENOTDIR",
  63: "EPERM",
  69: "EROFS",
};

/**
 * What a PGlite failure says, as one line: PGlite's file system throws emscripten's ErrnoError,
 * which is not an Error (it printed as "[object Object]"), and its exit paths throw ExitStatus.
 */
export function describePgliteFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  const thrown = error as { name?: unknown; errno?: unknown; message?: unknown } | null;
  if (thrown?.name === "ErrnoError" && typeof thrown.errno === "number") {
    return `file system error ${emscriptenErrnos[thrown.errno] ?? `errno ${thrown.errno}`} inside PGlite`;
  }
  if (typeof thrown?.message === "string" && thrown.message) return thrown.message;
  return inspect(error, { depth: 2, breakLength: Infinity });
}
