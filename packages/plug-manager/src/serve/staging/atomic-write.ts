import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `path` whole or not at all: a temporary file beside it, flushed, then renamed over the
 * name, so a reader (or a crash) never sees half of it.
 */
export async function writeAtomically(path: string, content: Uint8Array | string): Promise<void> {
  const temporary = join(dirname(path), `.partial-${randomBytes(4).toString("hex")}-${basename(path)}`);
  try {
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
