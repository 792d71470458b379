import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

let dir: Promise<string> | undefined;

/** One temporary folder per test file (data folders, deployments, plug packages). */
export function scratchDir(): Promise<string> {
  dir ??= mkdtemp(join(tmpdir(), "care-reliability-")).then((path) => {
    // In case the file's afterAll never runs.
    process.once("exit", () => {
      if (!process.env.RELIABILITY_KEEP) rmSync(path, { recursive: true, force: true });
    });
    return path;
  });
  return dir;
}

/**
 * Removes the folder (after the file's processes are gone). RELIABILITY_KEEP=1 keeps it, to look at
 * the PGlite folders of a failing scenario.
 */
export async function removeScratchDir(): Promise<void> {
  if (!dir) return;
  const path = await dir;
  dir = undefined;
  if (process.env.RELIABILITY_KEEP) process.stderr.write(`reliability: kept ${path}\n`);
  else await rm(path, { recursive: true, force: true });
}
