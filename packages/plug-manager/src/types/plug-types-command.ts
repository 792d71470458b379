import { join, resolve } from "node:path";
import { CareCliError } from "../cli-error.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { fromHere, openScratchDatabase, staleTables, tablesFile, tablesProblem, writePlugTables } from "./index.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `care plug types [dirs...] [--check]`: writes each plug's src/tables.generated.ts from its
 * migrations/install.sql, every workspace plug's when no folder is named. With `check`, writes
 * nothing and fails (plug_tables_stale) naming the files that differ and the command that fixes them.
 */
export async function plugTypesCommand(root: string, plugDirs: string[], options: { check?: boolean }): Promise<void> {
  const here = process.env.INIT_CWD ?? process.cwd();
  const dirs = plugDirs.length ? plugDirs.map((dir) => resolve(here, dir)) : await workspacePlugDirs(root);
  const shown = (dir: string) => join(fromHere(dir), tablesFile);
  const database = openScratchDatabase();
  try {
    if (options.check) {
      const stale: string[] = [];
      for (const dir of dirs) {
        const problem = await tablesProblem(dir, database);
        if (problem === undefined) say(`${shown(dir)} is up to date`);
        else if (problem.code === "plug_tables_stale") stale.push(dir);
        else throw problem;
      }
      if (stale.length) throw staleTables(stale);
      return;
    }
    for (const dir of dirs) say(`${shown(dir)} ${(await writePlugTables(dir, database)) ? "written" : "is up to date"}`);
  } finally {
    await database.close();
  }
}

/** The plugs of the workspace (packages with a care.plug block), in folder order. */
async function workspacePlugDirs(root: string): Promise<string[]> {
  const plugs = [...(await workspacePackages(root)).values()].filter((found) => found.isPlug).map((found) => found.dir);
  if (plugs.length === 0) {
    throw new CareCliError(`the workspace ${root} has no plugs (no package with a care.plug block under plugs/)`, {
      code: "plug_tables_no_plugs",
      hint: "create one with: pnpm care plug new <id>",
    });
  }
  return plugs.sort();
}
