import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { coreVersion } from "@care/core";
import { findWorkspaceRoot } from "../workspace/find-root.js";
import type { PlugTablesInput } from "./plug-tables-input.js";

/**
 * Bump when the generated text changes for the same install.sql, so that no cached text of an
 * older generator is taken for fresh.
 */
const generatorRevision = 1;

/**
 * The generated text by what it is generated from (install.sql, the plug's id and core reads, the core
 * it runs against, this generator's revision): `care check` compares against it without starting a
 * database unless install.sql changed. Under the workspace's node_modules/.cache/care/plug-tables.
 */
export interface TablesCache {
  get(input: PlugTablesInput): Promise<string | undefined>;
  set(input: PlugTablesInput, text: string): Promise<void>;
}

export function tablesCache(plugDir: string): TablesCache {
  const dir = join(findWorkspaceRoot(plugDir) ?? plugDir, "node_modules", ".cache", "care", "plug-tables");
  const file = (input: PlugTablesInput) => join(dir, `${cacheKey(input)}.ts`);
  return {
    get: (input) => readFile(file(input), "utf8").catch(() => undefined),
    set: async (input, text) => {
      // A cache that cannot be written only makes the next check slower.
      try {
        await mkdir(dir, { recursive: true });
        const temporary = `${file(input)}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, file(input));
      } catch {}
    },
  };
}

function cacheKey(input: PlugTablesInput): string {
  const source = JSON.stringify([generatorRevision, coreVersion, input.id, input.coreReads, input.installSql ?? null]);
  return createHash("sha256").update(source).digest("hex");
}
