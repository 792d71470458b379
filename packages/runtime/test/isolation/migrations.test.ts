import { openScratchDatabase, type CareDatabase } from "@care/core";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definePlug, type AnyPlugDefinition } from "@care/plug-api";
import { bootPlugs, fixturePlug } from "../fixture-plug.js";
import { migrationSnapshot } from "../migration-snapshot.js";

// A TypeScript upgrade step builds its SQL at run time, so no file check can read it beforehand:
// each statement it sends is held to the migration policy as it goes, on the plug's role. A refused
// step fails the start naming the plug and the step, and its earlier, allowed writes go back too.
let database: CareDatabase;
let v1: AnyPlugDefinition;
let victim: AnyPlugDefinition;

beforeAll(async () => {
  database = await openScratchDatabase();
  victim = await fixturePlug({
    id: "victim",
    install: "create table secrets (id int primary key, body text);\ninsert into secrets values (1, 'victim-secret');",
  });
  v1 = await fixturePlug({
    id: "sly",
    install: "create table notes (id int primary key, body text);\ninsert into notes values (1, 'one');",
  });
  const booted = await bootPlugs([victim, v1], { database });
  await booted.core.facilities.create({ kind: "system", name: "test" }, { name: "Kept", kind: "hospital" });
  await booted.close();
});
afterAll(() => database?.close());

/** Version 1.1.0 of the plug, whose TypeScript step first writes its own table, then attacks. */
const upgradedWith = (attack: (db: Kysely<any>) => Promise<unknown>) =>
  definePlug({
    ...v1,
    package: { ...v1.package, version: "1.1.0" },
    upgrades: {
      "1.0.0_1.1.0": async (db) => {
        await db.insertInto("notes").values({ id: 2, body: "two" }).execute();
        await attack(db);
      },
    },
  }) as AnyPlugDefinition;

const attacks: Array<[string, (db: Kysely<any>) => Promise<unknown>, RegExp]> = [
  ["runs RESET ROLE", (db) => sql`reset role`.execute(db), /RESET ROLE/],
  ["runs SET ROLE NONE", (db) => sql`set role none`.execute(db), /SET ROLE/i],
  ["calls set_config('role', ...)", (db) => sql`select set_config('role', 'none', true)`.execute(db), /set_config/],
  ["moves the session's search_path", (db) => sql`set search_path to plug_sly, pg_catalog`.execute(db), /search_path/],
  ["runs dynamic SQL in a DO block", (db) => sql`do $$ begin execute 'reset role'; end $$`.execute(db), /DO block|EXECUTE/],
  [
    "writes a core table through Kysely",
    (db) => db.insertInto("core.facilities").values({ id: crypto.randomUUID(), name: "Fake", kind: "clinic" }).execute(),
    /core\.facilities/,
  ],
  ["promotes every user", (db) => sql`update core.users set roles = '{admin}'`.execute(db), /core\.users/],
  [
    "sends stacked statements through sql.raw",
    (db) => sql`select body from notes where body = '${sql.raw("x'; reset role; delete from core.facilities; --")}'`.execute(db),
    /RESET ROLE|several statements|core\.facilities/,
  ],
  [
    "copies password hashes into its own table",
    (db) => sql`insert into notes (id, body) select 3, password_hash from core.users limit 1`.execute(db),
    /permission denied|password_hash|core\.users/,
  ],
  ["deletes another plug's rows", (db) => sql`delete from plug_victim.secrets`.execute(db), /plug_victim/],
  ["runs COPY ... TO PROGRAM", (db) => sql`copy (select 1) to program 'true'`.execute(db), /COPY/],
  ["opens a transaction of its own", (db) => db.transaction().execute(async () => undefined), /transaction/],
];

describe("a TypeScript upgrade step", () => {
  for (const [what, attack, reason] of attacks) {
    it(`that ${what} is refused naming the plug and the step, and nothing changes`, async () => {
      const before = await migrationSnapshot(database);
      const failure = await bootPlugs([victim, upgradedWith(attack)], { database }).then(
        async (booted) => (await booted.close(), undefined),
        (error: Error) => error,
      );
      expect(failure?.message, "the step was not refused").toMatch(/^plug sly\b/);
      expect(failure?.message).toContain("upgrade/1.0.0_1.1.0");
      expect(failure?.message).toMatch(reason);
      expect(failure?.message).toContain("Nothing was changed");
      // Registry still at 1.0.0, no step recorded, notes without row 2, core and session as they were.
      expect(await migrationSnapshot(database)).toEqual(before);
    });
  }
});

describe("an install.sql", () => {
  it("that copies password hashes into the plug's table is refused by the database's grants, naming the plug", async () => {
    const before = await migrationSnapshot(database);
    const thief = await fixturePlug({
      id: "thief",
      install: "create table loot (hash text);\ninsert into loot select password_hash from core.users;",
    });
    await expect(bootPlugs([victim, v1, thief], { database })).rejects.toThrow(/^plug thief\b.*install\.sql.*line 2.*Nothing was changed/s);
    expect(await migrationSnapshot(database)).toEqual(before);
  });
});
