import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { checkerDigest } from "../check/checker-digest.js";
import { sha256 } from "../check/content-digest.js";
import { findWorkspaceRoot } from "../workspace/find-root.js";
import type { PlugTablesInput } from "./plug-tables-input.js";

/**
 * The generated text by all it is generated from: install.sql, the plug's care.plug block, and the
 * built code of this package, the runtime and the core (the checker digest `care check`'s migration
 * cache uses), so that `care check` compares against it without starting a database unless one of
 * them changed. Kept next to that cache, under the workspace's node_modules/.cache/care/plug-tables.
 */
export interface TablesCache {
  get(input: PlugTablesInput): Promise<string | undefined>;
  set(input: PlugTablesInput, text: string): Promise<void>;
}

/** Hashing the built code takes a moment: once per process. */
let generator: Promise<string | undefined> | undefined;

export function tablesCache(plugDir: string): TablesCache {
  const dir = join(findWorkspaceRoot(plugDir) ?? plugDir, "node_modules", ".cache", "care", "plug-tables");
  const file = async (input: PlugTablesInput) => {
    const code = await (generator ??= checkerDigest());
    // Without the code's digest nothing is cached: a stale entry would pass for fresh.
    return code && join(dir, `${sha256(JSON.stringify([code, input.rawBlock, input.installSql ?? null]))}.ts`);
  };
  return {
    get: async (input) => {
      const path = await file(input);
      if (!path) return undefined;
      try {
        return readFileSync(path, "utf8"); // small, and read for every plug: see content-digest.ts
      } catch {
        return undefined;
      }
    },
    set: async (input, text) => {
      const path = await file(input);
      if (!path) return;
      // Written whole or not at all (a rename); a cache that cannot be written only makes the next check slower.
      try {
        await mkdir(dir, { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, path);
      } catch {}
    },
  };
}
