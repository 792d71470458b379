import { readFile } from "node:fs/promises";
import { stagedChangeSchema, type StagedChange } from "@care/runtime/supervision";
import { z } from "zod";
import { CareCliError } from "../../cli-error.js";
import { writeAtomically } from "./atomic-write.js";
import { stagingPaths } from "./site.js";

const changesFileSchema = z.object({ changes: z.array(stagedChangeSchema) });

/** staged/changes.json: the changes waiting for the next apply, oldest first (none when the file is not there). */
export async function readChanges(siteDir: string): Promise<StagedChange[]> {
  const file = stagingPaths(siteDir).changes;
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return [];
  let parsed: ReturnType<typeof changesFileSchema.safeParse> | undefined;
  try {
    parsed = changesFileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) {
    throw new CareCliError(`${file} is not a list of staged changes this version of Care can read`, {
      code: "staged_changes_unreadable",
      hint: "it is only ever written by care stage and care serve: restore it from a backup, or delete it to start with nothing staged",
    });
  }
  return parsed.data.changes;
}

/** Replaces changes.json whole (call it holding the changes lock). */
export async function writeChanges(siteDir: string, changes: StagedChange[]): Promise<void> {
  await writeAtomically(stagingPaths(siteDir).changes, `${JSON.stringify({ changes }, null, 2)}\n`);
}
