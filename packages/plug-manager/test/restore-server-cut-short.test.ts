import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type UpgradeWorkspace } from "./upgrade-workspace.js";

/**
 * A server restore whose input ends early commits nothing: psql's --single-transaction would commit
 * what it got (every schema dropped, the tables after the cut empty) once its input ended.
 */
describe.skipIf(!process.env.DATABASE_URL)("care restore of a server backup cut short", () => {
  let site: UpgradeWorkspace;
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-restore-cut-");
    await site.setPlugs([{ id: "lab", version: "1.0.0", install: "create table results (id int primary key);\n" }]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("leaves the database as it was", async () => {
    await site.query((database) => sql`insert into plug_lab.results values (1)`.execute(database.db));
    const taken = await site.care(["backup", "-d", "site"]);
    const backup = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    // Whole statements up to the rows of plug_lab.results, then a gzip member that breaks off after
    // its header: gunzip fails once psql has run the drop and created the tables, at a statement's end.
    const text = gunzipSync(await readFile(backup)).toString();
    const cut = text.indexOf('COPY "plug_lab"."results"');
    expect(cut).toBeGreaterThan(0);
    const rest = gzipSync(text.slice(cut));
    const broken = Buffer.concat([gzipSync(text.slice(0, cut)), rest.subarray(0, 10)]);
    await writeFile(backup, broken);
    const metadata = JSON.parse(await readFile(`${backup}.json`, "utf8"));
    await writeFile(`${backup}.json`, JSON.stringify({ ...metadata, sha256: createHash("sha256").update(broken).digest("hex") }));

    await site.query((database) => sql`insert into plug_lab.results values (2)`.execute(database.db));
    const before = await site.snapshot();
    const failed = await site.care(["restore", backup, "-d", "site", "--without-backup"]);
    expect(failed.code, failed.output).toBe(1);
    expect(failed.output).toMatch(/failed and was rolled back: the database is as it was/);
    expect(await site.snapshot()).toBe(before);
    const rows = await site.query(
      async (database) => (await sql<{ id: number }>`select id from plug_lab.results order by id`.execute(database.db)).rows,
    );
    expect(rows.map((row) => row.id)).toEqual([1, 2]);
  }, 180_000);
});
