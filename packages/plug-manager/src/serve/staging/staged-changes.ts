import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { StagedChange } from "@care/runtime/supervision";
import { CareCliError } from "../../cli-error.js";
import { withChangesLock } from "./changes-lock.js";
import { readChanges, writeChanges } from "./changes-file.js";
import { stagingPaths } from "./site.js";

/** The staged changes, oldest first. */
export async function listStagedChanges(siteDir: string): Promise<StagedChange[]> {
  return readChanges(siteDir);
}

/** Where a staged add or upgrade keeps its archive: staged/<sha256>.tgz. */
export function archivePathOf(siteDir: string, change: StagedChange): string {
  if (!change.archive) throw new Error(`staged change ${change.id} (${change.kind} ${change.plug}) has no archive`);
  return join(stagingPaths(siteDir).staged, `${change.archive.sha256}.tgz`);
}

/** Unstages one change and deletes its archive; `staged_change_unknown` when no change has that id. */
export async function discardStagedChange(siteDir: string, id: string): Promise<StagedChange> {
  return withChangesLock(siteDir, async () => {
    const changes = await readChanges(siteDir);
    const found = changes.find((change) => change.id === id);
    if (!found) {
      throw new CareCliError(`no staged change has the id "${id}"`, {
        code: "staged_change_unknown",
        hint: "list them with care changes -d <deployment> (it was discarded or applied already?)",
      });
    }
    const kept = changes.filter((change) => change !== found);
    await writeChanges(siteDir, kept);
    await dropUnusedArchives(siteDir, kept, [found]);
    return found;
  });
}

/** After a successful apply: the applied changes leave the list, with their archives. Unknown ids are skipped. */
export async function clearStagedChanges(siteDir: string, ids: string[]): Promise<void> {
  await withChangesLock(siteDir, async () => {
    const changes = await readChanges(siteDir);
    const gone = changes.filter((change) => ids.includes(change.id));
    if (gone.length === 0) return;
    const kept = changes.filter((change) => !ids.includes(change.id));
    await writeChanges(siteDir, kept);
    await dropUnusedArchives(siteDir, kept, gone);
  });
}

/** Deletes the archives of `gone` that no change of `kept` still uses (two changes may share one archive file). */
export async function dropUnusedArchives(siteDir: string, kept: StagedChange[], gone: StagedChange[]): Promise<void> {
  const used = new Set(kept.flatMap((change) => (change.archive ? [change.archive.sha256] : [])));
  for (const change of gone) {
    if (change.archive && !used.has(change.archive.sha256)) await rm(archivePathOf(siteDir, change), { force: true });
  }
}
