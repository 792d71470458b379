import { readFile } from "node:fs/promises";
import { openScratchDatabase, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { definePlug, type AnyPlugDefinition } from "@care/plug-api";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";
import { migrationSnapshot } from "./migration-snapshot.js";
import { readMigrationCases, refusedMigration } from "./migration-cases.js";

// One database for the whole file: a refused migration changes nothing, so each test starts from
// what the one before left, and the file shows that a series of refusals leaves no trace either.
let database: CareDatabase;
/** Another plug, installed with a row, that a hostile migration must not reach. */
let bystander: AnyPlugDefinition;

beforeAll(async () => {
  database = await openScratchDatabase();
  bystander = await fixturePlug({
    id: "bystander",
    install: "create table kept (id int primary key, note text);\ninsert into kept values (1, 'mine');",
  });
  const booted = await bootPlugs([bystander], { database });
  await booted.core.facilities.create({ kind: "system", name: "test" }, { name: "Kept", kind: "hospital" });
  await booted.close();
});
afterAll(() => database.close());

/** Starts the deployment with `plug`, expects the start to fail with `message`, and the database as it was. */
async function expectRefused(plug: AnyPlugDefinition, message: string): Promise<void> {
  const before = await migrationSnapshot(database);
  const failure = await bootPlugs([bystander, plug], { database }).then(
    () => undefined,
    (error: Error) => error,
  );
  expect(failure?.message).toContain(message);
  expect(failure?.message).toMatch(/is not allowed in a plug migration \(.+\); .+\. Nothing was changed/);
  expect(await migrationSnapshot(database)).toEqual(before);
}

/** One install.sql per class of attack the issue names (see the file for why each does harm). */
const attacks = await readMigrationCases("migration-attacks.yaml", z.array(refusedMigration));

describe("a plug migration the policy refuses names the plug, file, line and reason, and changes nothing", () => {
  for (const { what, script, line, reason } of attacks) {
    it(`refuses ${what}`, async () => {
      await expectRefused(await fixturePlug({ id: "evil", install: script }), `plug evil: install.sql line ${line}: ${reason}`);
    });
  }

  it("refuses an upgrade step the same way, naming its file", async () => {
    const v1 = await fixturePlug({ id: "sly", install: "create table notes (id int);\ninsert into notes values (1);" });
    await (await bootPlugs([bystander, v1], { database })).close();
    const v2 = await fixturePlug({
      id: "sly",
      version: "1.1.0",
      install: "create table notes (id int, body text);",
      steps: { "1.0.0_1.1.0": "alter table notes add column body text;\nreset role;" },
    });
    await expectRefused(v2, "plug sly: upgrade/1.0.0_1.1.0.sql line 2: RESET ROLE is not allowed");
  });
});

describe("nothing a migration sets survives into the app's sessions", () => {
  const ways: Array<[string, string, string]> = [
    ["SET search_path", "set search_path to plug_evil, pg_catalog;", "SET search_path is not allowed"],
    ["set_config(..., false)", "select set_config('search_path', 'plug_evil, pg_catalog', false);", "calling set_config() is not allowed"],
    ["SET inside a DO block", "do $$ begin set search_path to plug_evil, pg_catalog; end $$;", "SET search_path is not allowed"],
    [
      "set_config inside a DO block",
      "do $$ begin perform set_config('search_path', 'plug_evil, pg_catalog', false); end $$;",
      "calling set_config() is not allowed",
    ],
    ["ALTER ROLE ... SET", "alter role current_user set search_path = plug_evil, pg_catalog;", "ALTER ROLE SET is not allowed"],
    ["ALTER DATABASE ... SET", "alter database postgres set search_path = plug_evil, pg_catalog;", "ALTER DATABASE SET is not allowed"],
  ];
  for (const [way, install, reason] of ways) {
    it(`refuses setting the search_path with ${way}; the app's search_path is as it was`, async () => {
      const { rows } = await sql<{ search_path: string }>`show search_path`.execute(database.db);
      await expectRefused(await fixturePlug({ id: "evil", install }), `plug evil: install.sql line 1: ${reason}`);
      expect((await sql<{ search_path: string }>`show search_path`.execute(database.db)).rows).toEqual(rows);
    });
  }

  it("refuses a TypeScript step that changes the session's search_path or leaves the plug's role, however it builds the SQL", async () => {
    const v1 = await fixturePlug({ id: "mutant", install: "create table notes (id int);" });
    await (await bootPlugs([bystander, v1], { database })).close();
    const withStep = (code: (db: any) => Promise<void>) =>
      definePlug({ ...v1, package: { ...v1.package, version: "1.1.0" }, upgrades: { "1.0.0_1.1.0": code } }) as AnyPlugDefinition;
    const before = await migrationSnapshot(database);
    const attempts: Array<[(db: any) => Promise<void>, RegExp]> = [
      // Each statement a step sends is held to the migration policy before it runs, as its SQL file is.
      [
        async (db) => void (await sql`set search_path to plug_mutant, pg_catalog`.execute(db)),
        new RegExp(
          /plug mutant: upgrade\/1\.0\.0_1\.1\.0 \(TypeScript\) sent SQL that is refused:/.source +
            / SET search_path is not allowed in a plug migration .*Nothing was changed/.source,
        ),
      ],
      [
        async (db) => void (await sql`reset role`.execute(db)),
        /plug mutant: upgrade\/1\.0\.0_1\.1\.0 \(TypeScript\) sent SQL that is refused: RESET ROLE is not allowed .*Nothing was changed/,
      ],
      [
        async (db) => void (await sql`select set_config(${"ro"}||${"le"}, 'none', true)`.execute(db)),
        new RegExp(
          /plug mutant: upgrade\/1\.0\.0_1\.1\.0 \(TypeScript\) sent SQL that is refused:/.source +
            / calling set_config\(\) is not allowed .*Nothing was changed/.source,
        ),
      ],
    ];
    for (const [code, message] of attempts) {
      await expect(bootPlugs([bystander, withStep(code)], { database })).rejects.toThrow(message);
      expect(await migrationSnapshot(database)).toEqual(before);
    }
  });

  it("installs everything a plug may do, and the app's unqualified names still never mean a plug's objects", async () => {
    const { rows: before } = await sql<{ search_path: string }>`show search_path`.execute(database.db);
    const everything = await readFile(new URL("fixtures/everything-allowed.sql", import.meta.url), "utf8");
    const good = await fixturePlug({
      id: "good",
      coreReads: { patients: ["id"] },
      install:
        `${everything}\ncreate function lower(text) returns text language sql as $$ select 'hijacked' $$;\ncreate table ` +
        `facilities (id int);`,
    });
    await (await bootPlugs([bystander, good], { database })).close();
    const { rows } = await sql<{ lowered: string; schemas: string }>`select lower('ABC') as lowered,
        array_to_string(current_schemas(true), ',') as schemas`.execute(database.db);
    expect(rows[0]?.lowered).toBe("abc");
    expect(rows[0]?.schemas.split(",").filter((schema) => schema.startsWith("plug_"))).toEqual([]);
    expect((await sql<{ search_path: string }>`show search_path`.execute(database.db)).rows).toEqual(before);
  });
});
