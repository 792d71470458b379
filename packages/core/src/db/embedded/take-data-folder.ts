import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { isPermissionError, permissionError } from "./check-access.js";
import { checkDataFolder } from "./check-data-folder.js";
import { isDataFolderError } from "./data-folder-error.js";
import { lockDataFolder, lockFileName, type FolderLock } from "./folder-lock.js";

/**
 * Makes the data folder this process's own: checked, locked, and checked again under the lock
 * (another process may have been initialising it). Whether PGlite must initialise it comes back
 * with the lock; a refusal leaves the folder as it was.
 */
export async function takeDataFolder(dataDir: string): Promise<{ lock: FolderLock; state: "new" | "database" }> {
  const firstLook = await checkDataFolder(dataDir).catch((error: unknown) => error);
  // A folder Care never opened gets no lock file written into it before it has passed.
  const openedBefore = existsSync(join(dataDir, lockFileName));
  if (firstLook instanceof Error && (!openedBefore || (isDataFolderError(firstLook) && firstLook.code === "data_folder_permission"))) {
    throw firstLook;
  }
  await mkdir(dataDir, { recursive: true }).catch((error: unknown) => {
    throw isPermissionError(error) ? permissionError(dataDir, error, "create") : error;
  });
  const lock = lockDataFolder(dataDir);
  try {
    return { lock, state: await checkDataFolder(dataDir) };
  } catch (error) {
    lock.release();
    throw error;
  }
}
