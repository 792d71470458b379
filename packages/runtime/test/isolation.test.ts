import { randomUUID } from "node:crypto";
import { openScratchDatabase, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { definePlug, type AnyPlugDefinition } from "@care/plug-api";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";

/** Tables and data a misbehaving plug must not be able to touch. */
async function coreSnapshot(database: CareDatabase) {
  const columns = await sql<{ c: string }>`select table_name || '.' || column_name as c from information_schema.columns
    where table_schema = 'core' order by 1`.execute(database.db);
  const facilities = await database.db.selectFrom("core.facilities").select(["id", "name"]).orderBy("id").execute();
  return { columns: columns.rows.map((row) => row.c), facilities };
}

describe("a plug's migrations run as its own database role", () => {
  let database: CareDatabase;
  beforeEach(async () => {
    database = await openScratchDatabase();
    // A first boot with no plugs: the core schema and one facility exist.
    const core = await bootPlugs([], { database });
    await core.core.facilities.create({ kind: "system", name: "test" }, { name: "Kept", kind: "hospital" });
    await core.close();
  });
  afterEach(() => database.close());

  // The migration policy refuses these by reading them; the database's grants would refuse the
  // writes anyway, but not a script that leaves the plug's role first.
  const attempts: Array<[string, string, RegExp]> = [
    [
      "alters a core table",
      "create table notes (id int);\nalter table core.patients add column plug_data text;",
      /plug evil: install\.sql line 2: ALTER TABLE core\.patients is not allowed in a plug migration \(the core schema is the core's/,
    ],
    [
      "writes a core table",
      "insert into core.facilities (id, name, kind) values (gen_random_uuid(), 'Fake', 'clinic');",
      /plug evil: install\.sql line 1: INSERT into core\.facilities is not allowed/,
    ],
    [
      "updates core rows",
      "update core.facilities set name = 'Renamed';",
      /plug evil: install\.sql line 1: UPDATE of core\.facilities is not allowed/,
    ],
    ["deletes core rows", "delete from core.encounters;", /plug evil: install\.sql line 1: DELETE from core\.encounters is not allowed/],
    [
      "drops a core table",
      "drop table core.encounters cascade;",
      /plug evil: install\.sql line 1: DROP TABLE core\.encounters is not allowed/,
    ],
    [
      "creates a table inside the core schema",
      "create table core.extra (id int);",
      /plug evil: install\.sql line 1: CREATE TABLE core\.extra is not allowed/,
    ],
    [
      "resets its role",
      "reset role;\ncreate table core.extra (id int);",
      /plug evil: install\.sql line 1: RESET ROLE is not allowed in a plug migration \(it changes the database role/,
    ],
    [
      "references core rows whose id it does not declare",
      "create table notes (id int, patient_id uuid references core.patients (id));",
      /plug evil was refused core table core\.patients in install\.sql[\s\S]*care\.plug\.coreReads/,
    ],
    [
      "copies core rows it does not declare",
      "create table notes (name text);\ninsert into notes select name from core.patients;",
      /plug evil was refused core table core\.patients in install\.sql at line 2 \(permission denied[\s\S]*care\.plug\.coreReads/,
    ],
    [
      "leaves its role and comes back",
      "create table t (id int);\nRESET\n  ROLE;\ndrop table core.encounters cascade;\nset role plug_evil;",
      /plug evil: install\.sql line 2: RESET ROLE is not allowed/,
    ],
  ];

  for (const [what, install, message] of attempts) {
    it(`refuses a plug that ${what}, and changes nothing`, async () => {
      const before = await coreSnapshot(database);
      const evil = await fixturePlug({ id: "evil", install });
      const failure = await bootPlugs([evil], { database }).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(failure?.message).toMatch(message);
      expect(failure?.message).toContain("Nothing was changed");
      expect(await coreSnapshot(database)).toEqual(before);
      expect(await database.db.selectFrom("care_system.plugs").selectAll().execute()).toEqual([]);
      const schema = await sql`select 1 from information_schema.schemata where schema_name = 'plug_evil'`.execute(database.db);
      expect(schema.rows).toEqual([]);
    });
  }

  it("holds each statement of a TypeScript step to the migration policy: a core table write is refused, nothing changes", async () => {
    const v1 = await fixturePlug({ id: "evil", install: "create table notes (id int);" });
    await (await bootPlugs([v1], { database })).close();
    const before = await coreSnapshot(database);
    const v2 = definePlug({
      ...v1,
      package: { ...v1.package, version: "1.1.0" },
      upgrades: {
        "1.0.0_1.1.0": async (db) =>
          void (await db
            .insertInto("core.facilities" as never)
            .values({ id: randomUUID(), name: "Fake", kind: "clinic" } as never)
            .execute()),
      },
    }) as AnyPlugDefinition;
    await expect(bootPlugs([v2], { database })).rejects.toThrow(
      new RegExp(
        /plug evil: upgrade\/1\.0\.0_1\.1\.0 \(TypeScript\) sent SQL that is refused:/.source +
          / INSERT into core\.facilities is not allowed in a plug migration .*Nothing was changed/.source,
      ),
    );
    expect(await coreSnapshot(database)).toEqual(before);
    expect(await database.db.selectFrom("care_system.plugs").select("version").execute()).toEqual([{ version: "1.0.0" }]);
  });

  it("lets a plug create its own tables that reference core rows, and read core tables", async () => {
    const good = await fixturePlug({
      id: "good",
      coreReads: { facilities: ["id"] },
      install: `create table notes (id serial primary key, facility_id uuid not null references core.facilities (id), body text);
        insert into notes (facility_id, body) select id, 'copied' from core.facilities;`,
    });
    const booted = await bootPlugs([good], { database });
    const notes = await database.db
      .withSchema("plug_good")
      .selectFrom("notes" as never)
      .selectAll()
      .execute();
    expect(notes).toHaveLength(1);
    const owner = await sql<{
      owner: string;
    }>`select tableowner as owner from pg_tables where schemaname = 'plug_good' and tablename = 'notes'`.execute(database.db);
    // The role is the plug's in this database only: plug_<id>_<8 hex of the database name's md5>.
    expect(owner.rows[0]?.owner).toMatch(/^plug_good_[0-9a-f]{8}$/);
    await booted.close();
  });
});
