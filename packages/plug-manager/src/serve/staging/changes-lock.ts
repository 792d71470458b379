import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { CareCliError } from "../../cli-error.js";
import { stagingPaths } from "./site.js";

/** Long enough for any holder (a read, a rename and a write); a holder that takes longer is stuck. */
const waitAtMostMs = 30_000;

/**
 * Runs `work` holding staged/changes.lock, so that two processes (the supervisor, a `care stage`)
 * never interleave their read-modify-write of changes.json. The lock file names its holder's pid: one
 * left by a process that died (kill -9) is taken over.
 */
export async function withChangesLock<T>(siteDir: string, work: () => Promise<T>): Promise<T> {
  const { staged, lock } = stagingPaths(siteDir);
  await mkdir(staged, { recursive: true, mode: 0o700 });
  const mine = `${JSON.stringify({ pid: process.pid, nonce: randomBytes(8).toString("hex") })}\n`;
  const deadline = Date.now() + waitAtMostMs;
  for (;;) {
    if (await tryCreate(lock, mine)) break;
    const held = await readFile(lock, "utf8").catch(() => undefined);
    if (held !== undefined && !holderAlive(held)) {
      // Only the file read is removed: a new holder's lock has another nonce.
      if ((await readFile(lock, "utf8").catch(() => undefined)) === held) await rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new CareCliError(`the staged changes are locked by another process (${lock}: ${held?.trim() ?? "unreadable"})`, {
        code: "staged_changes_busy",
        hint: "try again in a moment; if no care serve or care stage is running, delete that lock file",
      });
    }
    await sleep(20 + Math.random() * 30);
  }
  try {
    return await work();
  } finally {
    if ((await readFile(lock, "utf8").catch(() => undefined)) === mine) await rm(lock, { force: true });
  }
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  try {
    const handle = await open(path, "wx", 0o600);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Whether the process named in a lock file still runs; an unreadable or half-written file counts as alive (it is being written). */
function holderAlive(text: string): boolean {
  let pid: unknown;
  try {
    pid = (JSON.parse(text) as { pid?: unknown }).pid;
  } catch {
    return true;
  }
  if (typeof pid !== "number") return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
