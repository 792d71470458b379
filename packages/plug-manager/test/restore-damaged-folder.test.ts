import { readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type UpgradeWorkspace } from "./upgrade-workspace.js";

/**
 * A damaged PGlite data folder is the usual reason to restore: the restore must not need to open it,
 * and keeps it aside (for a later look or a recovery attempt), never deleting it.
 */
describe.skipIf(Boolean(process.env.DATABASE_URL))("care restore onto a damaged PGlite data folder", () => {
  let site: UpgradeWorkspace;
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-restore-damaged-");
    await site.setPlugs([{ id: "lab", version: "1.0.0", install: "create table results (id int primary key);\n" }]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("restores, and keeps the damaged folder aside", async () => {
    await site.query((database) => sql`insert into plug_lab.results values (1)`.execute(database.db));
    const taken = await site.care(["backup", "-d", "site"]);
    const backup = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    // As reliability/test/damaged-folder.test.ts damages a folder: PostgreSQL refuses to start on it.
    await rm(join(site.dataDir, "PG_VERSION"));
    expect((await site.care(["status", "-d", "site"])).code, "the folder no longer opens").not.toBe(0);

    const restored = await site.care(["restore", backup, "-d", "site"]);
    expect(restored.code, restored.output).toBe(0);
    const aside = /kept aside, untouched, as (\S+) /.exec(restored.stdout)?.[1];
    expect(aside, restored.stdout).toMatch(new RegExp(`^${site.dataDir}\\.damaged-`));
    expect(await readdir(dirname(site.dataDir))).toContain(basename(aside!));
    // The damaged files are there as they were: nothing was deleted.
    expect(await readdir(aside!)).toContain("base");
    const rows = await site.query(
      async (database) => (await sql<{ id: number }>`select id from plug_lab.results`.execute(database.db)).rows,
    );
    expect(rows.map((row) => row.id)).toEqual([1]);
  }, 180_000);
});
