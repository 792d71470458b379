import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Every path in a data folder with a hash of each file's bytes, to show that a refused start
 * changed nothing. Left out: Care's own lock file (a refused opener may find it held or take it)
 * and postmaster.pid, which PostgreSQL writes and removes on every start attempt.
 */
export async function snapshotFolder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const lines = await Promise.all(
    entries
      .filter((entry) => !["care.lock", "postmaster.pid"].includes(entry.name))
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        const hash = entry.isFile()
          ? createHash("sha1")
              .update(await readFile(path))
              .digest("hex")
          : "dir";
        return `${path.slice(dir.length)} ${hash}`;
      }),
  );
  return lines.sort();
}
