import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CareCliError } from "../cli-error.js";
import { installFile, readPlugTablesInput, tablesFile } from "./plug-tables-input.js";
import { printPlugTables } from "./print-tables.js";
import { buildInstallSchema, openScratchDatabase, type ScratchDatabase } from "./scratch-schema.js";
import { fromHere } from "./shown-path.js";
import { tablesCache } from "./tables-cache.js";

export { openScratchDatabase, type ScratchDatabase } from "./scratch-schema.js";
export { tablesFile } from "./plug-tables-input.js";
export { fromHere } from "./shown-path.js";

/**
 * The text of a plug's src/tables.generated.ts, from its migrations/install.sql applied in a scratch
 * PGlite as the runtime installs the plug. `database` shares one scratch database between plugs;
 * without it one is opened and closed here, unless the text is in the cache.
 */
export async function generatePlugTables(plugDir: string, database?: ScratchDatabase): Promise<string> {
  const input = await readPlugTablesInput(plugDir);
  const cache = tablesCache(plugDir);
  const cached = await cache.get(input);
  if (cached !== undefined) return cached;
  const scratch = database ?? openScratchDatabase();
  try {
    const built = await buildInstallSchema(await scratch.get(), input);
    const text = printPlugTables(input.rawBlock.id, built);
    await cache.set(input, text);
    return text;
  } finally {
    if (!database) await scratch.close();
  }
}

/** Writes src/tables.generated.ts when its text changed; says whether it did. */
export async function writePlugTables(plugDir: string, database?: ScratchDatabase): Promise<boolean> {
  const text = await generatePlugTables(plugDir, database);
  const path = join(plugDir, tablesFile);
  if ((await readFile(path, "utf8").catch(() => undefined)) === text) return false;
  await writeFile(path, text);
  return true;
}

/** `care sync`: rewrites the tables files of the deployment's workspace plugs, one scratch database for all. */
export async function writeWorkspacePlugTables(plugDirs: string[], log: (line: string) => void): Promise<void> {
  const database = openScratchDatabase();
  try {
    for (const dir of plugDirs) if (await writePlugTables(dir, database)) log(`wrote ${join(fromHere(dir), tablesFile)}`);
  } finally {
    await database.close();
  }
}

/** A problem when src/tables.generated.ts is stale or missing; undefined when fresh. */
export async function checkPlugTables(plugDir: string, database?: ScratchDatabase): Promise<string | undefined> {
  return (await tablesProblem(plugDir, database))?.describe();
}

/** Why the plug's tables file is not current (plug_tables_stale, or why it cannot be generated); undefined when it is. */
export async function tablesProblem(plugDir: string, database?: ScratchDatabase): Promise<CareCliError | undefined> {
  let expected: string;
  let current: string | undefined;
  try {
    [expected, current] = await Promise.all([
      generatePlugTables(plugDir, database),
      readFile(join(plugDir, tablesFile), "utf8").catch(() => undefined),
    ]);
  } catch (error) {
    if (error instanceof CareCliError) return error;
    throw error;
  }
  if (current === expected) return undefined;
  // A plug without tables needs no file; one it has must still be current.
  if (current === undefined && !existsSync(join(plugDir, installFile))) return undefined;
  return staleTables([plugDir]);
}

/** The refusal for stale tables files, with the command that rewrites them (paths as typed from here). */
export function staleTables(plugDirs: string[]): CareCliError {
  const shown = plugDirs.map(fromHere);
  const files = shown.map((dir) => join(dir, tablesFile));
  const what = files.length === 1 ? `${files[0]} is` : `${files.join(", ")} are`;
  return new CareCliError(`${what} not what migrations/install.sql generates (stale or missing)`, {
    code: "plug_tables_stale",
    hint: `regenerate: pnpm care plug types ${shown.map(shellWord).join(" ")}`,
  });
}

/** A path as one word of a shell command. */
const shellWord = (word: string) => (/^[\w./@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
