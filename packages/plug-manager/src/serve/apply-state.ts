import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomically } from "./staging/atomic-write.js";
import type { SiteFiles } from "./site-files.js";

/**
 * What a rollback needs to know of an apply, written before each step that changes something, so
 * that the next `care serve` can roll back an apply its predecessor was killed in the middle of.
 */
export interface ApplyState {
  /** The release that ran before (and runs again after a rollback). */
  previousRelease: string;
  newRelease: string | null;
  /** The repository files the build changes were copied to applies/<id>/repository. */
  snapshot: boolean;
  /** Taken before the migration: what a rollback restores. */
  backup: string | null;
  /** Set before the migration starts: from then on, a rollback restores the backup. */
  databaseTouched: boolean;
}

export const applyFolder = (site: SiteFiles, id: string): string => join(site.applies, id);
export const snapshotFolder = (site: SiteFiles, id: string): string => join(applyFolder(site, id), "repository");

export async function saveApplyState(site: SiteFiles, id: string, state: ApplyState): Promise<void> {
  await mkdir(applyFolder(site, id), { recursive: true });
  await writeAtomically(join(applyFolder(site, id), "state.json"), `${JSON.stringify(state, null, 2)}\n`);
}

export async function readApplyState(site: SiteFiles, id: string): Promise<ApplyState | undefined> {
  try {
    return JSON.parse(await readFile(join(applyFolder(site, id), "state.json"), "utf8")) as ApplyState;
  } catch {
    return undefined;
  }
}

/** Once an apply has ended, its snapshot and state are no longer needed. */
export async function dropApplyFolder(site: SiteFiles, id: string): Promise<void> {
  await rm(applyFolder(site, id), { recursive: true, force: true });
}
