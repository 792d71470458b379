import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type UpgradeWorkspace } from "./upgrade-workspace.js";

/** A server database may hold another application's schemas: a restore touches only Care's own. */
describe.skipIf(!process.env.DATABASE_URL)("care restore beside another application's schema", () => {
  let site: UpgradeWorkspace;
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-restore-other-");
    await site.setPlugs([{ id: "lab", version: "1.0.0", install: "create table results (id int primary key);\n" }]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("keeps the other schema and its rows, whether made before or after the backup", async () => {
    await site.query((database) =>
      sql`create schema other_app; create table other_app.things (id int); insert into other_app.things values (1)`.execute(database.db),
    );
    const taken = await site.care(["backup", "-d", "site"]);
    expect(taken.code, taken.output).toBe(0);
    const backup = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    await site.query((database) => sql`insert into other_app.things values (2); create schema later_app`.execute(database.db));

    const restored = await site.care(["restore", backup, "-d", "site"]);
    expect(restored.code, restored.output).toBe(0);
    const rows = await site.query(
      async (database) => (await sql<{ id: number }>`select id from other_app.things order by id`.execute(database.db)).rows,
    );
    expect(rows.map((row) => row.id)).toEqual([1, 2]);
    const later = await site.query(
      async (database) => (await sql`select 1 from pg_catalog.pg_namespace where nspname = 'later_app'`.execute(database.db)).rows,
    );
    expect(later).toHaveLength(1);
  }, 180_000);
});
