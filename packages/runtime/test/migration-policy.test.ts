import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkPlugMigration } from "../src/migrations/statement-policy.js";

const repository = fileURLToPath(new URL("../../../", import.meta.url));

/** Every `.sql` file under each first-party plug's migrations folder, with the plug's id. */
async function firstPartyMigrations(): Promise<Array<{ id: string; file: string; sql: string }>> {
  const found = [];
  for (const folder of await readdir(join(repository, "plugs"))) {
    const root = join(repository, "plugs", folder);
    const { care } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { care: { plug: { id: string } } };
    const files = await readdir(join(root, "migrations"), { recursive: true }).catch(() => [] as string[]);
    for (const file of files.filter((name) => name.endsWith(".sql")).sort()) {
      found.push({
        id: care.plug.id,
        file: `plugs/${folder}/migrations/${file}`,
        sql: await readFile(join(root, "migrations", file), "utf8"),
      });
    }
  }
  return found;
}

describe("the migration policy passes what plugs need", () => {
  it("passes every first-party plug's migration files", async () => {
    const files = await firstPartyMigrations();
    expect(files.map((file) => file.file)).toEqual(
      expect.arrayContaining(["plugs/lab/migrations/install.sql", "plugs/lab/migrations/upgrade/1.1.0_1.2.0.sql"]),
    );
    for (const { id, file, sql } of files) expect([file, await checkPlugMigration(sql, id)]).toEqual([file, undefined]);
  });

  it("passes the install.sql that `care plug new` writes", async () => {
    // A copy of what plug-manager's scaffold writes for plug vitals (the runtime does not depend on
    // plug-manager); plug-manager's scaffold test migrates a freshly scaffolded plug, which checks the real one.
    const scaffolded = await readFile(new URL("fixtures/scaffold-install.sql", import.meta.url), "utf8");
    expect(await checkPlugMigration(scaffolded, "vitals")).toBeUndefined();
  });

  it("passes tables, types, views, SQL and PL/pgSQL functions, triggers, DO blocks and data changes in the plug's schema", async () => {
    const sql = await readFile(new URL("fixtures/everything-allowed.sql", import.meta.url), "utf8");
    expect(await checkPlugMigration(sql, "good")).toBeUndefined();
    expect(await checkPlugMigration("create table plug_good.t (id int);", "good")).toBeUndefined();
  });
});

/** [what it does, script, line of the refusal, how the reason starts]: the plug is "evil". */
const refused: Array<[string, string, number, string]> = [
  // Leaving the role
  [
    "resets its role",
    "create table t (id int);\nRESET\n  ROLE;\ndrop table core.encounters cascade;\nset role plug_evil;",
    2,
    "RESET ROLE is not allowed in a plug migration (it changes the database role",
  ],
  ["hides RESET ROLE around a comment", "reset /* just a comment */ role;", 1, "RESET ROLE is not allowed"],
  ["sets its role", "set local role postgres;", 1, "SET LOCAL ROLE is not allowed"],
  ["sets the session authorization", "set session authorization default;", 1, "SET SESSION AUTHORIZATION is not allowed"],
  ["resets everything", "reset all;", 1, "RESET ALL is not allowed"],
  ["discards the session", "discard all;", 1, "DISCARD is not allowed"],
  [
    "builds set_config's name",
    "select 1;\nselect set_config('rol' || 'e', session_user, true);",
    2,
    "calling set_config() is not allowed in a plug migration (it changes a setting, the role included",
  ],
  [
    "calls pg_catalog.set_config in a column default",
    "create table t (x text default pg_catalog.set_config('role', 'postgres', false));",
    1,
    "calling pg_catalog.set_config() is not allowed",
  ],
  [
    "sets a role on a function",
    "create function f() returns int language sql set role = postgres as 'select 1';",
    1,
    "SET role on a function is not allowed",
  ],
  ["adds a role to a function later", "alter function f() set role = postgres;", 1, "SET role on a function is not allowed"],
  // Dynamic SQL
  [
    "runs EXECUTE in a DO block",
    "do $$\nbegin\n  execute 'reset ' || 'role';\nend $$;",
    3,
    "EXECUTE in a DO block is not allowed in a plug migration (it runs SQL built from a string",
  ],
  [
    "sets the session authorization dynamically",
    "do $$ begin execute format('set session authorization %I', session_user); end $$;",
    1,
    "EXECUTE in a DO block is not allowed",
  ],
  [
    "runs EXECUTE in a PL/pgSQL function",
    "create function f() returns void language plpgsql as $$\nbegin\n  perform 1;\n  execute 'select 1';\nend $$;",
    4,
    "EXECUTE in function f is not allowed",
  ],
  [
    "returns a dynamic query",
    "create function f() returns setof int language plpgsql as $$ begin return query execute 'select 1'; end $$;",
    1,
    "EXECUTE in function f is not allowed",
  ],
  [
    "loops over a dynamic query",
    "create function f() returns void language plpgsql as $$ declare r record; begin for r in execute 'select 1' loop end loop; end $$;",
    1,
    "EXECUTE in function f is not allowed",
  ],
  [
    "opens a cursor on a dynamic query",
    "create function f() returns void language plpgsql as $$ declare c refcursor; begin open c for execute 'select 1'; end $$;",
    1,
    "EXECUTE in function f is not allowed",
  ],
  [
    "resets its role inside a function",
    "create function f() returns void language plpgsql as $$\nbegin\n  reset role;\nend $$;",
    3,
    "RESET ROLE is not allowed",
  ],
  [
    "hides set_config in a subscript",
    "do $$ declare a int[]; begin a[set_config('role', 'x', false)::int] := 1; end $$;",
    1,
    "calling set_config() is not allowed",
  ],
  [
    "hides set_config in a declaration",
    "do $$\ndeclare x text := set_config('search_path', 'plug_evil', false);\nbegin end $$;",
    2,
    "calling set_config() is not allowed",
  ],
  [
    "hides set_config in an SQL function body",
    "create function f() returns text language sql as $$\nselect 1;\nselect set_config('role', 'x', false);\n$$;",
    3,
    "calling set_config() is not allowed",
  ],
  [
    "runs a query given as a string",
    "select query_to_xml('reset role', true, true, '');",
    1,
    "calling query_to_xml() is not allowed in a plug migration (it runs SQL given as a string",
  ],
  ["commits inside a DO block", "do $$ begin commit; end $$;", 1, "COMMIT or ROLLBACK in a DO block is not allowed"],
  ["runs a DO block in another language", "do language plpython3u $$ print(1) $$;", 1, "a DO block in LANGUAGE plpython3u is not allowed"],
  // Session state that outlives the migration
  [
    "sets the session search_path",
    "set search_path to plug_evil, pg_catalog;\ncreate function lower(text) returns text language sql as $$ select 'x' $$;",
    1,
    "SET search_path is not allowed in a plug migration (a setting outlives the statement",
  ],
  ["sets a local setting", "set local lock_timeout = '1s';", 1, "SET LOCAL lock_timeout is not allowed"],
  ["stores a setting for the app's role", "alter role current_user set search_path = plug_evil;", 1, "ALTER ROLE SET is not allowed"],
  ["stores a setting for the database", "alter database postgres set search_path = plug_evil;", 1, "ALTER DATABASE SET is not allowed"],
  ["creates a temporary table", "create temp table t (id int);", 1, "a temporary object (t) is not allowed"],
  ["selects into a temporary table", "select 1 as x into temp t;", 1, "a temporary object (t) is not allowed"],
  ["takes a session advisory lock", "select pg_advisory_lock(42);", 1, "calling pg_advisory_lock() is not allowed"],
  ["prepares a statement", "prepare p as select 1;", 1, "PREPARE is not allowed"],
  ["listens", "listen care_signals;", 1, "LISTEN is not allowed"],
  [
    "controls the transaction",
    "create table t (id int);\ncommit;",
    2,
    "COMMIT is not allowed in a plug migration (a plug's migration runs inside the deployment's one transaction",
  ],
  // Server-side programs, files and extensions
  ["copies to a program", "copy (select 1) to program 'id';", 1, "COPY ... PROGRAM is not allowed"],
  ["copies from a file", "create table t (line text);\ncopy t from '/etc/passwd';", 2, "COPY is not allowed"],
  ["reads a server file", "select pg_read_file('/etc/passwd');", 1, "calling pg_read_file() is not allowed"],
  ["imports a large object", "select lo_import('/etc/passwd');", 1, "calling lo_import() is not allowed"],
  ["creates an extension", "create extension if not exists pgcrypto;", 1, "CREATE EXTENSION is not allowed"],
  ["loads a library", "load 'auto_explain';", 1, "LOAD is not allowed"],
  [
    "writes a function in C",
    "create function f() returns int language c as 'libc', 'getpid';",
    1,
    "a function in LANGUAGE c (f) is not allowed in a plug migration (it runs a program of the database server",
  ],
  [
    "writes a definer function",
    "create function f() returns int language sql security definer as 'select 1';",
    1,
    "SECURITY DEFINER (function f) is not allowed",
  ],
  // Rights and roles
  [
    "grants to another role",
    "create table t (id int);\ngrant select on t to public;",
    2,
    "GRANT is not allowed in a plug migration (roles and rights are the deployment's",
  ],
  ["grants its role", "grant plug_evil to public;", 1, "GRANT role is not allowed"],
  [
    "changes default privileges",
    "alter default privileges grant select on tables to public;",
    1,
    "ALTER DEFAULT PRIVILEGES is not allowed",
  ],
  ["creates a role", "create role intruder;", 1, "CREATE ROLE is not allowed"],
  ["gives a table away", "alter table t owner to postgres;", 1, "ALTER TABLE ... OWNER TO is not allowed"],
  ["changes the server", "alter system set log_statement = 'none';", 1, "ALTER SYSTEM is not allowed"],
  // Objects outside the plug's schema
  [
    "creates a table in core",
    "create table core.extra (id int);",
    1,
    "CREATE TABLE core.extra is not allowed in a plug migration (the core schema is the core's",
  ],
  [
    "alters a core table",
    "create table notes (id int);\nalter table core.patients add column plug_data text;",
    2,
    "ALTER TABLE core.patients is not allowed",
  ],
  [
    "writes a core table",
    "insert into core.facilities (id, name, kind) values (gen_random_uuid(), 'Fake', 'clinic');",
    1,
    "INSERT into core.facilities is not allowed",
  ],
  [
    "updates core rows in a WITH clause",
    "with gone as (update core.facilities set name = 'x' returning id) select count(*) from gone;",
    1,
    "UPDATE of core.facilities is not allowed",
  ],
  ["drops a core table", "drop table core.encounters cascade;", 1, "DROP TABLE core.encounters is not allowed"],
  ["indexes a core table", "create index on core.patients (id);", 1, "CREATE INDEX on core.patients is not allowed"],
  [
    "puts a trigger on a core table",
    "create trigger t after insert on core.patients for each row execute function f();",
    1,
    "CREATE TRIGGER on core.patients is not allowed",
  ],
  [
    "creates a function in public",
    "create function public.lower(text) returns text language sql as $$ select 'x' $$;",
    1,
    "CREATE FUNCTION public.lower is not allowed in a plug migration (public is not the plug's schema",
  ],
  ["creates a table in another plug's schema", "create table plug_lab.extra (id int);", 1, "CREATE TABLE plug_lab.extra is not allowed"],
  [
    "writes a core table from a function",
    "create function f() returns void language plpgsql as $$ begin delete from core.encounters; end $$;",
    1,
    "DELETE from core.encounters is not allowed",
  ],
  ["creates a schema", "create schema elsewhere;", 1, "CREATE SCHEMA is not allowed"],
  ["moves a table out of its schema", "alter table t set schema public;", 1, "ALTER ... SET SCHEMA is not allowed"],
  ["drops its own schema", "drop schema plug_evil cascade;", 1, "DROP SCHEMA is not allowed"],
  ["creates a rule", "create table t (id int);\ncreate rule r as on insert to t do instead nothing;", 2, "CREATE RULE is not allowed"],
  [
    "creates an event trigger",
    "create event trigger e on ddl_command_start execute function f();",
    1,
    "CREATE EVENT TRIGGER is not allowed",
  ],
  [
    "creates an operator (not on the list)",
    "create operator === (leftarg = int, rightarg = int, function = int4eq);",
    1,
    "CREATE OPERATOR is not allowed in a plug migration (it is not on the list",
  ],
];

describe("the migration policy refuses, with the line and the reason", () => {
  for (const [what, script, line, reason] of refused) {
    it(`refuses a migration that ${what}`, async () => {
      const refusal = await checkPlugMigration(script, "evil");
      expect(refusal).toMatchObject({ line });
      expect(refusal?.reason.startsWith(reason), refusal?.reason).toBe(true);
      expect(refusal?.reason).toMatch(/is not allowed in a plug migration \(.+\); \S/);
    });
  }
});
