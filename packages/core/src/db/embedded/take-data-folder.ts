import { existsSync } from "node:fs";
import { mkdir, readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isPermissionError, permissionError } from "./check-access.js";
import { checkDataFolder } from "./check-data-folder.js";
import { DataFolderError, isDataFolderError } from "./data-folder-error.js";
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
  if (firstLook === "new") await refuseAfterInterruptedRestore(dataDir);
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

/**
 * A restore swaps folders by two renames (embedded-backup.ts); killed between them, it leaves no data
 * folder and the database beside it. Initialising an empty one there would serve a new, empty
 * database while the real one waits unnoticed: refuse, and say which folder to move back.
 */
async function refuseAfterInterruptedRestore(dataDir: string): Promise<void> {
  const prefix = `${basename(dataDir)}.`;
  const left = (await readdir(dirname(dataDir)).catch(() => [] as string[]))
    .filter((name) => name.startsWith(prefix) && /^(replaced|restoring|damaged)-/.test(name.slice(prefix.length)))
    .sort()
    .map((name) => join(dirname(dataDir), name));
  if (left.length === 0) return;
  const before = left.filter((path) => /\.(replaced|damaged)-[^/]*$/.test(path));
  const restored = left.filter((path) => /\.restoring-[^/]*$/.test(path));
  throw new DataFolderError(
    "data_folder_restore_interrupted",
    dataDir,
    `the data folder ${dataDir} is missing or empty, and a restore that did not finish left ${left.join(" and ")} beside it; ` +
      "nothing was created. Move back the database you want: " +
      `${before.length ? `the one from before the restore (mv ${before.at(-1)} ${dataDir})` : ""}` +
      `${before.length && restored.length ? ", or " : ""}` +
      `${restored.length ? `the restored one (mv ${restored.at(-1)} ${dataDir})` : ""}, or run care restore again; then start`,
  );
}
