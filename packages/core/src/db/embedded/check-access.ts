import { constants } from "node:fs";
import { access, readdir } from "node:fs/promises";
import { userInfo } from "node:os";
import { join } from "node:path";
import { DataFolderError } from "./data-folder-error.js";

const permissionCodes = new Set(["EACCES", "EPERM", "EROFS"]);

export const isPermissionError = (error: unknown) => permissionCodes.has((error as NodeJS.ErrnoException)?.code ?? "");

/** The refusal for a path this process may not read or write; PGlite alone would only say it failed. */
export function permissionError(path: string, error: unknown, doing = "read and write"): DataFolderError {
  const code = (error as NodeJS.ErrnoException).code;
  const what =
    code === "EROFS"
      ? "the file system is mounted read-only: mount it read-write, or set CARE_DATA_DIR to a folder on a writable disk"
      : `Care runs as ${whoAmI()} and needs read and write access to the whole data folder: ` +
        "fix its owner or mode (e.g. chown -R), or set CARE_DATA_DIR to a folder this user owns";
  return new DataFolderError("data_folder_permission", path, `cannot ${doing} ${path} (${code}); ${what}`, { cause: error });
}

/** Throws `data_folder_permission` for the first entry of `path` (itself included) this process cannot read and write. */
export async function checkAccess(path: string, recursive: boolean): Promise<void> {
  await accessOrThrow(path, constants.R_OK | constants.W_OK | constants.X_OK);
  if (!recursive) return;
  const entries = await readdir(path, { withFileTypes: true }).catch((error: unknown) => {
    throw isPermissionError(error) ? permissionError(path, error) : error;
  });
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await checkAccess(child, true);
    else await accessOrThrow(child, constants.R_OK | constants.W_OK);
  }
}

async function accessOrThrow(path: string, mode: number): Promise<void> {
  try {
    await access(path, mode);
  } catch (error) {
    throw isPermissionError(error) ? permissionError(path, error) : error;
  }
}

function whoAmI(): string {
  try {
    const user = userInfo();
    return `user ${user.username} (uid ${user.uid})`;
  } catch {
    return `uid ${process.getuid?.() ?? "unknown"}`;
  }
}
