import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The folder `care check` keeps its caches in: the workspace's node_modules/.cache/care/<name>. */
export const checkCacheDir = (root: string, name: string): string => join(root, "node_modules", ".cache", "care", name);

/**
 * A cached JSON value, or undefined when there is none, it cannot be read or parsed, or `isValid`
 * refuses its shape: an entry that is damaged is checked afresh, never trusted. Read synchronously:
 * small files, read for every plug (see content-digest.ts).
 */
export function readCacheFile<T>(file: string, isValid: (value: unknown) => value is T): T | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    return isValid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a rename), so a check killed halfway leaves no torn entry. */
export async function writeCacheFile(file: string, value: unknown): Promise<void> {
  try {
    await mkdir(join(file, ".."), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(value));
    await rename(temporary, file);
  } catch {
    // A cache that cannot be written only makes the next check slower.
  }
}
