import { existsSync, realpathSync } from "node:fs";

/**
 * A path's real path, or undefined when it does not resolve. Asked first whether it exists: a
 * failing call throws, and building the error costs ten times the question. The native call: one
 * system call, where the JavaScript one stats every part of the path.
 */
export function realPath(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}
