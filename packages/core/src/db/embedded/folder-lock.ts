import { closeSync, constants, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { isPermissionError, permissionError } from "./check-access.js";
import { DataFolderError } from "./data-folder-error.js";

// CommonJS with prebuilt native addons. On Linux, tryLock takes an open-file-description lock
// (F_OFD_SETLK): the kernel drops it when the process dies, kill -9 included, and a second open
// of the file conflicts even inside the same process.
const nativeFs = createRequire(import.meta.url)("fs-native-extensions") as { tryLock(fd: number): boolean };

/** The lock file in the data folder's root; PostgreSQL ignores files it does not know there. */
export const lockFileName = "care.lock";

/** Who holds a data folder, as written into the lock file so that a refused opener can name it. */
interface Holder {
  pid: number;
  command: string;
  cwd: string;
  since: string;
}

export interface FolderLock {
  /** Lets the next process open the folder; call it once the database is closed. */
  release(): void;
}

/** Takes the folder for this process, or refuses at once (`data_folder_in_use`) naming the holder. */
export function lockDataFolder(dataDir: string): FolderLock {
  const path = join(dataDir, lockFileName);
  const fd = openLockFile(path);
  if (!tryLock(fd, path)) {
    closeSync(fd);
    throw inUse(dataDir, readHolder(path));
  }
  const holder: Holder = { pid: process.pid, command: commandLine(), cwd: process.cwd(), since: new Date().toISOString() };
  ftruncateSync(fd, 0);
  writeSync(fd, `${JSON.stringify(holder)}\n`, 0);
  let held = true;
  return {
    release: () => {
      if (held) closeSync(fd);
      held = false;
    },
  };
}

function openLockFile(path: string): number {
  try {
    return openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    throw permissionError(path, error, "create or write the lock file");
  }
}

function tryLock(fd: number, path: string): boolean {
  try {
    return nativeFs.tryLock(fd);
  } catch (error) {
    // POSIX lets a conflicting lock fail with EACCES as well as EAGAIN.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES") return false;
    closeSync(fd);
    throw new DataFolderError(
      "data_folder_unreadable",
      path,
      `cannot lock ${path} (${code ?? (error as Error).message}); ` +
        "the file system must support file locks (a local disk does): move the data folder to one",
      { cause: error },
    );
  }
}

function inUse(dataDir: string, holder: Holder | undefined): DataFolderError {
  const who = holder
    ? `process ${holder.pid} (${holder.command}, in ${holder.cwd}, since ${holder.since})`
    : "another process (it has not written who it is yet)";
  return new DataFolderError(
    "data_folder_in_use",
    dataDir,
    `the data folder ${dataDir} is in use by ${who}; only one process at a time may open it: ` +
      "stop that process first, or set CARE_DATA_DIR to another folder",
    { holder: who },
  );
}

function readHolder(path: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, "utf8")) as Partial<Holder>;
    return typeof holder.pid === "number" ? (holder as Holder) : undefined;
  } catch {
    return undefined;
  }
}

/** The holder's command line, short enough for one line of an error message. */
function commandLine(): string {
  const words = [basename(process.argv0), ...process.execArgv, ...process.argv.slice(1)].join(" ").replace(/\s+/g, " ");
  return words.length > 120 ? `${words.slice(0, 119)}…` : words;
}
