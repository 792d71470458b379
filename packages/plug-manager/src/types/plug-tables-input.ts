import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readPlugBlock, type PlugBlock } from "@care/runtime/tooling";
import { CareCliError } from "../cli-error.js";
import { fromHere } from "./shown-path.js";

/** What the table types of a plug are generated from. */
export interface PlugTablesInput {
  /** care.plug.id: names the schema plug_<id> the script runs in. */
  id: string;
  /** The core columns the plug's role may read: install.sql runs with those grants, as at run time. */
  coreReads: PlugBlock["coreReads"];
  /** migrations/install.sql, or undefined when the plug has none (it then has no tables). */
  installSql: string | undefined;
}

export const tablesFile = join("src", "tables.generated.ts");
export const installFile = join("migrations", "install.sql");

/** Reads the plug's package.json (its care.plug block) and migrations/install.sql. */
export async function readPlugTablesInput(plugDir: string): Promise<PlugTablesInput> {
  const packageFile = join(plugDir, "package.json");
  const text = await readFile(packageFile, "utf8").catch(() => undefined);
  if (text === undefined) {
    throw new CareCliError(`${fromHere(plugDir)} is not a plug: it has no package.json`, {
      code: "plug_tables_not_a_plug",
      hint: "name a plug's folder (the one with package.json and migrations/), e.g. plugs/lab",
    });
  }
  let block: PlugBlock;
  try {
    block = readPlugBlock(JSON.parse(text) as { name?: string; care?: { plug?: unknown } });
  } catch (error) {
    throw new CareCliError(`${fromHere(packageFile)}: ${(error as Error).message}`, {
      code: "plug_tables_not_a_plug",
      hint: "table types are generated for plugs only: a package.json with a care.plug block naming the plug's id",
    });
  }
  const installSql = await readFile(join(plugDir, installFile), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return { id: block.id, coreReads: block.coreReads, installSql };
}
