import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * sha256 of every file under `dir` whose name passes `include`: each relative path with its own
 * sha256, sorted, so a change to any byte, a new file or a removed one changes the digest. A folder
 * that does not exist has the digest of no files.
 */
export async function folderDigest(dir: string, include: (name: string) => boolean = () => true): Promise<string> {
  return folderDigestSync(dir, include);
}

/**
 * The same, synchronously, leaving out the folders `skipFolder` names (e.g. node_modules). A path
 * that is a file is the digest of that one file. Synchronous reads: small files, where each awaited
 * read costs four trips through libuv's pool.
 */
export function folderDigestSync(
  dir: string,
  include: (name: string) => boolean = () => true,
  skipFolder: (name: string) => boolean = () => false,
): string {
  const lines: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readEntries(join(dir, relative))) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !skipFolder(entry.name)) walk(path);
      else if (entry.isFile() && include(entry.name)) lines.push(`${sha256(readFileSync(join(dir, path)))}  ${JSON.stringify(path)}`);
    }
  };
  if (isFile(dir)) return sha256(readFileSync(dir));
  walk("");
  return sha256(lines.sort().join("\n"));
}

function readEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
