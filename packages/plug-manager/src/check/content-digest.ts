import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * sha256 of every file under `dir` whose name passes `include`: each relative path with its own
 * sha256, sorted, so a change to any byte, a new file or a removed one changes the digest. A folder
 * that does not exist has the digest of no files.
 */
export async function folderDigest(dir: string, include: (name: string) => boolean = () => true): Promise<string> {
  // Synchronous reads: small files, where each awaited read costs four trips through libuv's pool.
  const files = readEntries(dir)
    .filter((entry) => entry.isFile() && include(entry.name))
    // parentPath from Node 20.12; path before it.
    .map((entry) => join(entry.parentPath ?? (entry as { path: string }).path, entry.name));
  const lines = files.map((file) => `${sha256(readFileSync(file))}  ${JSON.stringify(file.slice(dir.length + 1))}`);
  return sha256(lines.sort().join("\n"));
}

function readEntries(dir: string) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
}

export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
