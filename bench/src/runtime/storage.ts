import { cp, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { createScratchDatabase, openDatabase } from "@care/core";
import type { BenchDatabase } from "../databases.js";
import type { StorageSpec } from "./child/protocol.js";

/** A database of one run: created empty, removed by `dispose`. */
export interface Storage {
  spec: StorageSpec;
  dispose(): Promise<void>;
}

/**
 * An empty database for one run: a new `care_scratch_*` database on the PostgreSQL server (as
 * core's openScratchDatabase makes them), or a new PGlite folder, so runs never see each other's
 * data. The caller does not hold it open: a child process does.
 */
export async function freshStorage(database: BenchDatabase, tmpDir: string): Promise<Storage> {
  if (!database.url) {
    const dataDir = await mkdtemp(join(tmpDir, "pglite-"));
    await cp(await pgliteTemplate(tmpDir), dataDir, { recursive: true });
    return { spec: { dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const scratch = await createScratchDatabase(database.url);
  return { spec: { url: scratch.url }, dispose: scratch.drop };
}

const templates = new Map<string, Promise<string>>();

/**
 * An initialised, empty PGlite folder, copied for each run. PGlite's initdb takes 2-5 s here, the
 * same for every variant and nothing to do with composition; a copy is the PGlite counterpart of
 * `create database` on a server that already exists.
 */
function pgliteTemplate(tmpDir: string): Promise<string> {
  let template = templates.get(tmpDir);
  if (!template) {
    const dataDir = join(tmpDir, "pglite-template");
    template = openDatabase({ dataDir }).then(async (opened) => (await opened.close(), dataDir));
    templates.set(tmpDir, template);
  }
  return template;
}
