import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { checkAccess, isPermissionError, permissionError } from "./check-access.js";
import { DataFolderError, untouchedAdvice } from "./data-folder-error.js";
import { lockFileName } from "./folder-lock.js";

/** The PostgreSQL major version of the bundled PGlite (0.4.x); a test checks it against a fresh folder. */
export const pgliteMajor = "17";
/** `pg_control_version` of that major, and the control file's fixed size (PG_CONTROL_FILE_SIZE). */
const controlVersion = 1700;
const controlFileSize = 8192;

/** Names initdb creates; finding some of them means the folder was a database, and is now damaged. */
const postgresNames = new Set(["PG_VERSION", "global", "base", "pg_wal", "pg_xact", "postgresql.conf", "pg_hba.conf"]);

/**
 * Reads a data folder before PGlite may touch it: "new" when absent or empty (then, and only
 * then, is it initialised), "database" when it holds a PostgreSQL data folder of PGlite's major
 * version that this process can read and write. Anything else is refused with a DataFolderError:
 * PGlite itself would re-run initdb over a folder without PG_VERSION, or fail without a reason.
 */
export async function checkDataFolder(dataDir: string): Promise<"new" | "database"> {
  const folder = await statOrUndefined(dataDir);
  if (!folder) return "new";
  if (!folder.isDirectory()) {
    throw new DataFolderError("data_folder_not_a_database", dataDir, `${dataDir} is a file, not a folder: set CARE_DATA_DIR to a folder`);
  }
  await checkAccess(dataDir, false);
  const names = (await readdir(dataDir)).filter((name) => name !== lockFileName);
  if (names.length === 0) return "new";

  const versionFile = join(dataDir, "PG_VERSION");
  const version = (await readOrUndefined(versionFile))?.toString("utf8");
  if (version === undefined) {
    if (!names.some((name) => postgresNames.has(name))) {
      const shown = names.slice(0, 3).join(", ") + (names.length > 3 ? `, … (${names.length} entries)` : "");
      throw new DataFolderError(
        "data_folder_not_a_database",
        dataDir,
        `${dataDir} is not empty (${shown}) and is not a PostgreSQL data folder (no PG_VERSION); ` +
          "Care initialises only an empty or new folder: set CARE_DATA_DIR to one, or move those files away",
      );
    }
    throw damaged(dataDir, versionFile, `${versionFile} is missing`);
  }
  const major = version.trim();
  if (major !== pgliteMajor) {
    if (!/^\d+$/.test(major)) throw damaged(dataDir, versionFile, `${versionFile} holds "${major.slice(0, 20)}", not a PostgreSQL version`);
    throw new DataFolderError(
      "data_folder_version_mismatch",
      versionFile,
      `${dataDir} holds a PostgreSQL ${major} database (${versionFile}), but Care's embedded PostgreSQL (PGlite) is ${pgliteMajor}: ` +
        "open it with the Care release that wrote it and move the data with a dump and restore, or set CARE_DATA_DIR to an empty folder",
    );
  }
  await checkControlFile(dataDir);
  const tables = join(dataDir, "base");
  if (!(await statOrUndefined(tables))?.isDirectory()) throw damaged(dataDir, tables, `the folder ${tables} (the tables) is missing`);
  await checkAccess(dataDir, true);
  return "database";
}

async function checkControlFile(dataDir: string): Promise<void> {
  const path = join(dataDir, "global", "pg_control");
  const bytes = await readOrUndefined(path);
  if (bytes === undefined) throw damaged(dataDir, path, `${path} is missing`);
  // pg_control_version follows the 8-byte system identifier; PGlite (WebAssembly) writes little-endian.
  const version = bytes.length >= 12 ? bytes.readUInt32LE(8) : undefined;
  if (bytes.length !== controlFileSize || version !== controlVersion) {
    throw damaged(
      dataDir,
      path,
      `${path} is not a PostgreSQL ${pgliteMajor} control file (${bytes.length} bytes, version ${version ?? "none"})`,
    );
  }
}

/** `what` names the file that is wrong by its full path. */
function damaged(dataDir: string, path: string, what: string): DataFolderError {
  return new DataFolderError("data_folder_damaged", path, `${dataDir} holds a damaged database: ${what}. ${untouchedAdvice}`);
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw isPermissionError(error) ? permissionError(path, error) : error;
  }
}

async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw isPermissionError(error) ? permissionError(path, error) : error;
  }
}
