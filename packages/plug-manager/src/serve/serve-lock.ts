import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { CareCliError } from "../cli-error.js";
import type { SiteFiles } from "./site-files.js";
import { processAlive } from "./process-alive.js";

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/**
 * One `care serve` per deployment: supervisor.lock in the site folder names the process that holds
 * it. A second one is refused while that process lives; a lock left by a killed supervisor (its
 * process gone) is taken over. Answers how to let it go.
 */
export function takeServeLock(site: SiteFiles): () => void {
  mkdirSync(site.siteDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(site.lock, "wx", 0o600);
      const holder: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
      writeSync(fd, `${JSON.stringify(holder)}\n`);
      closeSync(fd);
      let held = true;
      return () => {
        if (held) rmSync(site.lock, { force: true });
        held = false;
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(site.lock);
    if (holder && holder.host === hostname() && holder.pid !== process.pid && processAlive(holder.pid)) {
      throw new CareCliError(
        `deployment ${site.deployment} is supervised already: care serve (process ${holder.pid}, since ${holder.since}) holds ${site.lock}`,
        {
          code: "supervisor_running",
          hint: `use that one (pnpm care apply -d ${site.deployment}), or stop it (Ctrl-C or kill ${holder.pid}) before starting another`,
        },
      );
    }
    // Left behind by a supervisor that is gone (killed): taken over.
    rmSync(site.lock, { force: true });
  }
  throw new CareCliError(`could not take ${site.lock}: another care serve took it at the same moment`, {
    code: "supervisor_running",
    hint: `run pnpm care serve -d ${site.deployment} once only`,
  });
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}
