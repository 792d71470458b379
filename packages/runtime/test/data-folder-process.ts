import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DeploymentProcess } from "./deployment-process.js";

const runtimeEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const script = `import { runDeployment } from ${JSON.stringify(runtimeEntry)};
await runDeployment({ deployment: "test", plugs: [] });`;

/** Root (as in CI) may read any folder, so permission tests run their child as nobody. */
export const runsAsRoot = process.getuid?.() === 0;
export const unprivilegedUser = () => ({
  uid: Number(execFileSync("id", ["-u", "nobody"]).toString()),
  gid: Number(execFileSync("id", ["-g", "nobody"]).toString()),
});

export interface FolderStart {
  /** Run as nobody when the tests run as root (otherwise the tests' user is already not root). */
  unprivileged?: boolean;
  /**
   * Root only, in a mount namespace of the child's own: bind the folder read-only (the disk answers
   * EROFS), or mount a 1 MiB file system on it (a new database does not fit: ENOSPC).
   */
  mount?: "read-only" | "full";
  env?: NodeJS.ProcessEnv;
}

const mountCommands = {
  "read-only": 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"',
  full: 'mount -t tmpfs -o size=1m care-full "$0"',
};

/**
 * A deployment on the PGlite data folder `dataDir`, also on the suite's PostgreSQL pass: the
 * child's environment is made here, so DATABASE_URL never reaches it.
 */
export function spawnOnFolder(dataDir: string, options: FolderStart = {}): DeploymentProcess {
  const env = { PATH: process.env.PATH, PORT: "0", LOG_LEVEL: "warn", CARE_DATA_DIR: dataDir, ...options.env };
  const stdio = ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"];
  if (options.mount) {
    const command = `${mountCommands[options.mount]} && exec "$1" --input-type=module -e "$2"`;
    return new DeploymentProcess(spawn("unshare", ["-m", "sh", "-c", command, dataDir, process.execPath, script], { env, stdio }));
  }
  const user = options.unprivileged && runsAsRoot ? unprivilegedUser() : {};
  return new DeploymentProcess(spawn(process.execPath, ["--input-type=module", "-e", script], { env, stdio, ...user }));
}
