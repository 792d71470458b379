import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type UpgradeWorkspace } from "./upgrade-workspace.js";

/**
 * A restore that fails halfway leaves the database as it was: PGlite unpacks into a sibling folder
 * and swaps only once it opens; a server replays the dump in one transaction. The backup here is
 * whole (its checksum matches) but fails late: a server dump with a bad last statement, a PGlite
 * archive cut short.
 */
describe("care restore that fails", () => {
  let site: UpgradeWorkspace;
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-restore-fail-");
    await site.setPlugs([{ id: "lab", version: "1.0.0", install: "create table results (id int primary key);\n" }]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("changes nothing", async () => {
    await site.query((database) => sql`insert into plug_lab.results values (1)`.execute(database.db));
    const taken = await site.care(["backup", "-d", "site"]);
    const backup = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    const bytes = await readFile(backup);
    const broken =
      site.engine === "postgres"
        ? gzipSync(Buffer.concat([gunzipSync(bytes), Buffer.from("\nselect no_such_function();\n")]))
        : bytes.subarray(0, Math.floor(bytes.length / 2));
    await writeFile(backup, broken);
    const metadata = JSON.parse(await readFile(`${backup}.json`, "utf8"));
    await writeFile(`${backup}.json`, JSON.stringify({ ...metadata, sha256: createHash("sha256").update(broken).digest("hex") }));

    // Written after the backup: a restore that went through would take it away.
    await site.query((database) => sql`insert into plug_lab.results values (2)`.execute(database.db));
    const before = await site.snapshot();
    const failed = await site.care(["restore", backup, "-d", "site"]);
    expect(failed.code, failed.output).toBe(1);
    expect(failed.output).toMatch(
      site.engine === "postgres"
        ? /failed and was rolled back: the database is as it was/
        : /could not be unpacked into a working database .*was not changed/,
    );
    expect(await site.snapshot()).toBe(before);
    const rows = await site.query(
      async (database) => (await sql<{ id: number }>`select id from plug_lab.results order by id`.execute(database.db)).rows,
    );
    expect(rows.map((row) => row.id)).toEqual([1, 2]);
    // Nothing left behind: the half-unpacked sibling folder went with the failure.
    if (site.engine === "pglite") expect((await readdir(dirname(site.dataDir))).sort()).toEqual(["backups", "data"]);
  }, 180_000);
});
