import { realpathSync } from "node:fs";
import { readFile, readlink, rm } from "node:fs/promises";
import { writeAtomically } from "./staging/atomic-write.js";
import { processAlive } from "./process-alive.js";
import type { SiteFiles } from "./site-files.js";

interface Recorded {
  pid: number;
  /** Its working folder: a release's, which is how a leftover is told from an unrelated process that got its pid. */
  dir: string;
}

/**
 * The processes a supervisor started (releases and their tasks), recorded in the site folder as
 * they start and end: a `care serve` killed with SIGKILL leaves them behind, and its successor
 * stops them before it touches the data folder.
 */
export class ProcessRecord {
  private readonly processes = new Map<number, Recorded>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly site: SiteFiles) {}

  add(pid: number | undefined, dir: string): void {
    if (pid === undefined) return;
    this.processes.set(pid, { pid, dir: realOrSelf(dir) });
    this.save();
  }

  remove(pid: number | undefined): void {
    if (pid === undefined || !this.processes.delete(pid)) return;
    this.save();
  }

  /** Resolves once what was recorded is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private save(): void {
    const text = `${JSON.stringify({ supervisor: process.pid, processes: [...this.processes.values()] })}\n`;
    this.writing = this.writing.then(() => writeAtomically(this.site.children, text)).catch(() => {});
  }
}

/**
 * Stops what a previous supervisor of this site left running: each recorded process still alive
 * whose working folder is still the recorded one (on Linux, /proc tells; elsewhere the pid is
 * trusted), its whole process group, SIGTERM then SIGKILL. Answers what it stopped.
 */
export async function stopLeftovers(site: SiteFiles, limitMs = 20_000): Promise<string[]> {
  const text = await readFile(site.children, "utf8").catch(() => undefined);
  if (text === undefined) return [];
  let recorded: Recorded[] = [];
  try {
    recorded = (JSON.parse(text) as { processes?: Recorded[] }).processes ?? [];
  } catch {
    // A file cut short by a crash: nothing can be told from it.
  }
  const stopped: string[] = [];
  for (const entry of recorded) {
    if (!processAlive(entry.pid) || !(await sameFolder(entry))) continue;
    signalGroup(entry.pid, "SIGTERM");
    const deadline = Date.now() + limitMs;
    while (processAlive(entry.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (processAlive(entry.pid)) signalGroup(entry.pid, "SIGKILL");
    while (processAlive(entry.pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    stopped.push(`${entry.pid} in ${entry.dir}`);
  }
  await rm(site.children, { force: true });
  return stopped;
}

async function sameFolder(entry: Recorded): Promise<boolean> {
  if (process.platform !== "linux") return true;
  const cwd = await readlink(`/proc/${entry.pid}/cwd`).catch(() => undefined);
  return cwd === entry.dir;
}

/** The process was started as a group leader (detached): its group goes with it; else the process alone. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
}

function realOrSelf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
