import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { syncFolder } from "@care/core";

/**
 * Writes `path` whole or not at all: into a hidden temporary file beside it, flushed to disk, then
 * renamed over the name. A crash or a failed source leaves no file of that name, only a `.partial-` one.
 */
export async function writeAtomically(path: string, source: Buffer | string | ((temporary: string) => Promise<void>)): Promise<void> {
  const temporary = join(dirname(path), `.partial-${randomBytes(4).toString("hex")}-${basename(path)}`);
  try {
    if (typeof source === "function") {
      await source(temporary);
    } else {
      const handle = await open(temporary, "wx", 0o600);
      try {
        await handle.writeFile(source);
      } finally {
        await handle.close();
      }
    }
    const handle = await open(temporary, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await syncFolder(dirname(path));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}
