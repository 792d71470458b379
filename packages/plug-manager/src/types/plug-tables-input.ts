import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readPlugBlock, type PlugBlock } from "@care/runtime/check-tooling";
import { CareCliError } from "../cli-error.js";
import { fromHere } from "./shown-path.js";

/** What the table types of a plug are generated from, read without validating (what `care check` does per plug). */
export interface PlugTablesInput {
  plugDir: string;
  packageName: string | undefined;
  /** The package.json's care.plug block as written; `block()` validates it. */
  rawBlock: { id: string } & Record<string, unknown>;
  /** migrations/install.sql, or undefined when the plug has none (it then has no tables). */
  installSql: string | undefined;
}

export const tablesFile = join("src", "tables.generated.ts");
export const installFile = join("migrations", "install.sql");

/** Reads the plug's package.json and migrations/install.sql; refuses a folder that is not a plug. */
export async function readPlugTablesInput(plugDir: string): Promise<PlugTablesInput> {
  // Synchronous: two small files per plug, read for every plug at each check (see content-digest.ts).
  const text = readText(join(plugDir, "package.json"), () => undefined);
  const installSql = readText(join(plugDir, installFile), (error) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) {
    throw new CareCliError(`${fromHere(plugDir)} is not a plug: it has no package.json`, {
      code: "plug_tables_not_a_plug",
      hint: "name a plug's folder (the one with package.json and migrations/), e.g. plugs/lab",
    });
  }
  const packageJson = JSON.parse(text) as { name?: string; care?: { plug?: { id?: unknown } } };
  const rawBlock = packageJson.care?.plug;
  // Validating the block costs more than reading both files: it is done when the schema is built.
  if (typeof rawBlock?.id !== "string") validatedBlock(plugDir, packageJson);
  return { plugDir, packageName: packageJson.name, rawBlock: rawBlock as PlugTablesInput["rawBlock"], installSql };
}

/** The validated care.plug block: its id names the schema, its core reads are the grants install.sql runs with. */
export function block(input: PlugTablesInput): PlugBlock {
  return validatedBlock(input.plugDir, {
    ...(input.packageName !== undefined && { name: input.packageName }),
    care: { plug: input.rawBlock },
  });
}

function validatedBlock(plugDir: string, packageJson: { name?: string; care?: { plug?: unknown } }): PlugBlock {
  try {
    return readPlugBlock(packageJson);
  } catch (error) {
    throw new CareCliError(`${fromHere(join(plugDir, "package.json"))}: ${(error as Error).message}`, {
      code: "plug_tables_not_a_plug",
      hint: "table types are generated for plugs only: a package.json with a care.plug block naming the plug's id",
    });
  }
}

function readText(path: string, onError: (error: NodeJS.ErrnoException) => undefined): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    return onError(error as NodeJS.ErrnoException);
  }
}
