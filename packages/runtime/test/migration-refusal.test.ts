import { readFile } from "node:fs/promises";
import { openScratchDatabase, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definePlug, type AnyPlugDefinition } from "@care/plug-api";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";
import { migrationSnapshot } from "./migration-snapshot.js";

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

/**
 * [the attack, install.sql, line, how the reason starts], one per class the issue names. Where the
 * database alone would not stop it, the script does its harm and comes back to the plug's role, so
 * that only the policy stands between it and the core.
 */
const attacks: Array<[string, string, number, string]> = [
  [
    "dynamic SQL in a DO block",
    "do $$\nbegin\n  execute 'reset role';\n  execute 'update core.facilities set name = name || ''!''';\n  execute 'set local role " +
      "plug_evil';\nend $$;",
    3,
    "EXECUTE in a DO block is not allowed",
  ],
  [
    "a comment between RESET and ROLE",
    "create table t (id int);\nreset /* only a comment */ role;\nupdate core.facilities set name = name || '!';\nset local role plug_evil;",
    2,
    "RESET ROLE is not allowed",
  ],
  [
    "set_config('rol' || 'e', ...)",
    "select set_config('rol' || 'e', session_user, true);\nupdate core.facilities set name = name || '!';\nselect set_config('role', " +
      "'plug_evil', true);",
    1,
    "calling set_config() is not allowed",
  ],
  [
    "a dynamic SET SESSION AUTHORIZATION",
    "do $$ begin execute format('set session authorization %I', session_user); end $$;\ndelete from plug_bystander.kept;\ndo $$ begin " +
      "execute 'set local role plug_evil'; end $$;",
    1,
    "EXECUTE in a DO block is not allowed",
  ],
  [
    "a session search_path ahead of pg_catalog and its own lower(text)",
    "select set_config('search_path', 'plug_evil, pg_catalog', false);\ncreate function lower(text) returns text language sql as $$ " +
      "select 'hijacked' $$;",
    1,
    "calling set_config() is not allowed",
  ],
  [
    "COPY TO PROGRAM",
    "create table t (id int);\ncopy (select 1) to program 'touch /tmp/care-plug-evil';",
    2,
    "COPY ... PROGRAM is not allowed",
  ],
  ["CREATE EXTENSION", "create extension if not exists pgcrypto;", 1, "CREATE EXTENSION is not allowed"],
  ["a grant to another role", "create table loot (id int);\ngrant all on loot to public;", 2, "GRANT is not allowed"],
  [
    "an object in another schema",
    "create table notes (id int);\ncreate function public.lower(text) returns text language sql as $$ select 'hijacked' $$;",
    2,
    "CREATE FUNCTION public.lower is not allowed",
  ],
  [
    "a PL/pgSQL function with EXECUTE",
    "create function backdoor(q text) returns void language plpgsql as $$\nbegin\n  execute q;\nend $$;\nselect backdoor('reset " +
      "role');\nupdate core.facilities set name = name || '!';\nselect backdoor('set local role plug_evil');",
    3,
    "EXECUTE in function backdoor is not allowed",
  ],
  [
    "a write to a core table",
    "create table notes (id int);\ninsert into core.facilities (id, name, kind) values (gen_random_uuid(), 'Fake', 'clinic');",
    2,
    "INSERT into core.facilities is not allowed",
  ],
];

describe("a plug migration the policy refuses names the plug, file, line and reason, and changes nothing", () => {
  for (const [attack, install, line, reason] of attacks) {
    it(`refuses ${attack}`, async () => {
      await expectRefused(await fixturePlug({ id: "evil", install }), `plug evil: install.sql line ${line}: ${reason}`);
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
