import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * sha256 of every file under `dir` whose name passes `include`: each relative path with its own
 * sha256, sorted, so a change to any byte, a new file or a removed one changes the digest. A folder
 * that does not exist has the digest of no files.
 */
export async function folderDigest(dir: string, include: (name: string) => boolean = () => true): Promise<string> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile() && include(entry.name))
    // parentPath from Node 20.12; path before it.
    .map((entry) => join(entry.parentPath ?? (entry as { path: string }).path, entry.name));
  const lines = await Promise.all(
    files.map(async (file) => `${sha256(await readFile(file))}  ${JSON.stringify(file.slice(dir.length + 1))}`),
  );
  return sha256(lines.sort().join("\n"));
}

export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
