import { createHash, randomBytes } from "node:crypto";
import { createScratchDatabase, openDatabase, openScratchDatabase, systemActor, type CareDatabase } from "@care/core";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantableCoreColumns } from "../src/migrations/core-grants.js";
import { preparePlugLogin } from "../src/migrations/plug-login.js";
import { plugRoleName, plugRoleSql, preparePlugRole } from "../src/migrations/plug-role.js";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";

const serverUrl = process.env.DATABASE_URL;

/** Runs `query` as the plug's role in a transaction that is always rolled back; the SQLSTATE if refused. */
async function asPlugRole(db: Kysely<any>, id: string, query: string): Promise<{ rows?: unknown[]; code?: string }> {
  const rolledBack = new Error("rolled back");
  let rows: unknown[] | undefined;
  try {
    await db.transaction().execute(async (tx) => {
      await sql`select set_config('role', ${plugRoleSql(id)}, true)`.execute(tx);
      rows = (await sql.raw(query).execute(tx)).rows;
      throw rolledBack;
    });
  } catch (error) {
    if (error !== rolledBack) return { code: (error as { code?: string }).code ?? String(error) };
  }
  return { rows };
}

/** Every core column a plug may read, declared. */
const everythingGrantable = Object.fromEntries(Object.entries(grantableCoreColumns).map(([table, columns]) => [table, [...columns]]));

/** A plug that declares it reads every core column it may, and references every core table it may. */
const readerPlug = () =>
  fixturePlug({
    id: "reader",
    coreReads: everythingGrantable,
    install: `create table notes (
      id serial primary key,
      facility_id uuid references core.facilities (id),
      patient_id uuid references core.patients (id),
      encounter_id uuid references core.encounters (id),
      author_id uuid references core.users (id)
    );`,
  });
const otherPlug = () => fixturePlug({ id: "other", install: "create table secrets (value text);\ninsert into secrets values ('kept');" });

describe("a plug's database role", () => {
  let database: CareDatabase;
  beforeAll(async () => {
    database = await openScratchDatabase();
    const booted = await bootPlugs([await readerPlug(), await otherPlug()], { database });
    await booted.core.facilities.create(systemActor("test"), { name: "Kept", kind: "hospital" });
    await booted.token(); // a row in core.sessions
    await booted.close();
  });
  afterAll(async () => {
    const name = await databaseName(database.db);
    await database.close();
    await dropPlugRolesOf(name);
  });

  it("is named plug_<id>_ and the first 8 hex digits of md5 of the database's name", async () => {
    const name = await databaseName(database.db);
    const hash = createHash("md5").update(name).digest("hex").slice(0, 8);
    expect(await plugRoleName(database.db, "reader")).toBe(`plug_reader_${hash}`);
    const owner = await sql<{
      owner: string;
    }>`select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = 'plug_reader'`.execute(database.db);
    expect(owner.rows[0]?.owner).toBe(`plug_reader_${hash}`);
  });

  it("reads every column it declares, and references core rows from its tables", async () => {
    for (const [table, columns] of Object.entries(grantableCoreColumns)) {
      expect(await asPlugRole(database.db, "reader", `select ${columns.join(", ")} from core.${table}`), table).toHaveProperty("rows");
    }
    const insert = await asPlugRole(
      database.db,
      "reader",
      "insert into plug_reader.notes (facility_id) select id from core.facilities returning facility_id",
    );
    expect(insert.rows).toHaveLength(1);
  });

  const refused: Array<[string, string]> = [
    ["password hashes", "select password_hash from core.users"],
    ["all of core.users", "select * from core.users"],
    ["sessions", "select token_hash from core.sessions"],
    ["the plug registry", "select * from care_system.plugs"],
    ["the registry's steps", "select * from care_system.plug_steps"],
    ["the outbox", "select * from care_system.outbox"],
    ["another plug's table", "select * from plug_other.secrets"],
    ["a write to a core table", "update core.facilities set name = 'Renamed'"],
    ["a role change of a user", "update core.users set roles = array['admin']"],
    ["a new core row", "insert into core.facilities (name, kind) values ('Fake', 'clinic')"],
  ];
  it("reads nothing of the core when its care.plug block declares nothing", async () => {
    for (const table of Object.keys(grantableCoreColumns)) {
      expect(await asPlugRole(database.db, "other", `select count(*) from core.${table}`), table).toEqual({ code: "42501" });
    }
  });

  for (const [what, query] of refused) {
    it(`is refused ${what}`, async () => {
      expect(await asPlugRole(database.db, "reader", query)).toEqual({ code: "42501" });
    });
  }

  it("leaves out on purpose every core column core-grants.ts does not list", async () => {
    const { rows } = await sql<{ column: string }>`select table_name || '.' || column_name as column from information_schema.columns
      where table_schema = 'core' order by 1`.execute(database.db);
    const listed = new Set(
      Object.entries(grantableCoreColumns).flatMap(([table, columns]) => columns.map((column) => `${table}.${column}`)),
    );
    // A column the core adds is out of plugs' reach until someone lists it in core-grants.ts.
    expect(rows.map((row) => row.column).filter((column) => !listed.has(column))).toEqual([
      "sessions.created_at",
      "sessions.expires_at",
      "sessions.token_hash",
      "sessions.user_id",
      "users.password_hash",
    ]);
  });

  it("follows its declaration at the next start, even with no migration to run", async () => {
    const shifting = (coreReads: Record<string, string[]>) =>
      fixturePlug({ id: "shifting", coreReads, install: "create table notes (id int);" });
    await (await bootPlugs([await shifting({ patients: ["id", "name"], facilities: ["id"] })], { database })).close();
    expect(await asPlugRole(database.db, "shifting", "select id, name from core.patients")).toHaveProperty("rows");
    expect(await asPlugRole(database.db, "shifting", "select id from core.facilities")).toHaveProperty("rows");

    await (await bootPlugs([await shifting({ patients: ["id"] })], { database })).close();
    expect(await asPlugRole(database.db, "shifting", "select id from core.patients")).toHaveProperty("rows");
    expect(await asPlugRole(database.db, "shifting", "select name from core.patients")).toEqual({ code: "42501" });
    expect(await asPlugRole(database.db, "shifting", "select id from core.facilities")).toEqual({ code: "42501" });
  });

  it("narrows what an earlier version granted, and writes nothing when all is in place", async () => {
    const role = sql.id(await plugRoleName(database.db, "reader"));
    await sql`grant select, references on all tables in schema core to ${role}`.execute(database.db);
    await sql`comment on role ${role} is null`.execute(database.db);
    expect(await asPlugRole(database.db, "reader", "select password_hash from core.users")).toHaveProperty("rows");

    await preparePlugRole(database.db, "reader", everythingGrantable);
    expect(await asPlugRole(database.db, "reader", "select password_hash from core.users")).toEqual({ code: "42501" });
    expect(await asPlugRole(database.db, "reader", "select count(*) from core.sessions")).toEqual({ code: "42501" });
    expect(await asPlugRole(database.db, "reader", "select username from core.users")).toHaveProperty("rows");

    // Row versions: a statement that rewrote the role's comment or the grants would change them.
    const catalogRows = () =>
      sql`select
        (select xmin::text from pg_shdescription
          where objoid = (select oid from pg_roles where rolname = ${plugRoleSql("reader")})) as marker,
        (select xmin::text from pg_namespace where nspname = 'plug_reader') as schema,
        (select string_agg(xmin::text || attacl::text, ';' order by attnum) from pg_attribute
          where attrelid = 'core.users'::regclass) as grants`.execute(database.db);
    const before = await catalogRows();
    await preparePlugRole(database.db, "reader", everythingGrantable);
    expect(await catalogRows()).toEqual(before);
  });
});

describe("a schema that the shared role of earlier versions owns", () => {
  it("is taken over by the database's own plug role on the next boot", async () => {
    const id = `legacy_${randomBytes(3).toString("hex")}`;
    const database = await openScratchDatabase();
    const oldRole = sql.id(`plug_${id}`);
    try {
      const v1 = await fixturePlug({
        id,
        coreReads: { facilities: ["id"] },
        install:
          "create table notes (id serial primary key, facility_id uuid references core.facilities (id), body text);\ncreate view bodies " +
          "as select body from notes;",
      });
      await (await bootPlugs([v1], { database })).close();
      await sql.raw(`insert into plug_${id}.notes (body) values ('kept')`).execute(database.db);
      const newRole = sql.id(await plugRoleName(database.db, id));
      // What an earlier version left: the shared role owns everything, reads all of core, the app is a member.
      await sql`create role ${oldRole} nologin`.execute(database.db);
      await sql`grant ${oldRole} to current_user`.execute(database.db);
      await sql`reassign owned by ${newRole} to ${oldRole}`.execute(database.db);
      await sql`grant usage on schema core to ${oldRole}`.execute(database.db);
      await sql`grant select, references on all tables in schema core to ${oldRole}`.execute(database.db);
      await sql`drop owned by ${newRole}`.execute(database.db);
      await sql`drop role ${newRole}`.execute(database.db);

      const v2 = await fixturePlug({
        id,
        version: "1.1.0",
        coreReads: { facilities: ["id"] },
        install:
          "create table notes (id serial primary key, facility_id uuid references core.facilities (id), body text, kind text);\ncreate " +
          "view bodies as select body from notes;",
        steps: { "1.0.0_1.1.0": "alter table notes add column kind text;\nupdate notes set kind = 'old';" },
      });
      await (await bootPlugs([v2], { database })).close();

      const role = await plugRoleName(database.db, id);
      const owners = await sql<{
        owner: string;
      }>`select distinct pg_get_userbyid(relowner) as owner from pg_class where relnamespace = ${`plug_${id}`}::regnamespace
        union select pg_get_userbyid(nspowner) from pg_namespace where nspname = ${`plug_${id}`}`.execute(database.db);
      expect(owners.rows).toEqual([{ owner: role }]);
      const old = await sql<
        Record<string, boolean>
      >`select has_column_privilege(${`plug_${id}`}, 'core.users', 'password_hash', 'select') as users,
          has_schema_privilege(${`plug_${id}`}, 'core', 'usage') as core,
          exists (select from pg_auth_members where roleid = ${`plug_${id}`}::regrole
            and member = (select oid from pg_roles where rolname = current_user)) as member`.execute(database.db);
      expect(old.rows[0]).toEqual({ users: false, core: false, member: false });
      expect(await asPlugRole(database.db, id, `select body, kind from plug_${id}.notes`)).toEqual({
        rows: [{ body: "kept", kind: "old" }],
      });
      // Taken over once: the next preparation finds everything in place.
      await preparePlugRole(database.db, id, { facilities: ["id"] });
    } finally {
      const name = await databaseName(database.db);
      await database.close();
      await dropPlugRolesOf(name);
      if (serverUrl) await serverQuery(serverUrl, `drop role if exists plug_${id}`);
    }
  });
});

describe.skipIf(!serverUrl)("plug roles on a PostgreSQL server", () => {
  const vault = () => fixturePlug({ id: "vault", install: "create table secrets (value text);\ninsert into secrets values ('kept');" });

  it("differ between two databases, and one database's app role cannot reach the other's plug tables", async () => {
    const appRole = `care_test_app_${randomBytes(4).toString("hex")}`;
    await serverQuery(serverUrl!, `create role ${appRole} login createdb createrole`);
    const first = await openScratchDatabase();
    let second: CareDatabase | undefined;
    const names: string[] = [];
    try {
      second = await openScratchDatabase(withUser(serverUrl!, appRole));
      for (const database of [first, second]) {
        await (await bootPlugs([await vault()], { database })).close();
        names.push(await databaseName(database.db));
      }
      const [firstRole, secondRole] = [await plugRoleName(first.db, "vault"), await plugRoleName(second.db, "vault")];
      expect(firstRole).not.toBe(secondRole);

      const intruder = new pg.Client({ connectionString: withUser(serverUrl!, appRole, names[0]) });
      await intruder.connect();
      try {
        const code = (query: string) =>
          intruder.query(query).then(
            () => "ran",
            (error: { code?: string }) => error.code,
          );
        expect(await code("select * from plug_vault.secrets")).toBe("42501");
        expect(await code(`set role ${firstRole}`)).toBe("42501");
        const { rows } = await intruder.query(
          "select rolname from pg_roles where rolname like 'plug\\_vault\\_%' and pg_has_role(current_user, oid, 'MEMBER')",
        );
        expect(rows).toEqual([{ rolname: secondRole }]);
      } finally {
        await intruder.end();
      }
    } finally {
      await second?.close();
      await first.close();
      for (const name of names) await dropPlugRolesOf(name);
      await serverQuery(serverUrl!, `drop role if exists ${appRole}`);
    }
  });

  it("logs a plug in as its own role, which cannot become the app role nor read credentials", async () => {
    const database = await openScratchDatabase();
    const name = await databaseName(database.db);
    try {
      await (await bootPlugs([await vault()], { database })).close();
      const login = await preparePlugLogin(database.db, "vault");
      expect(login.user).toBe(await plugRoleName(database.db, "vault"));
      // Kept, not replaced: every instance of the deployment logs its plug sessions in with it.
      expect((await preparePlugLogin(database.db, "vault")).password).toBe(login.password);
      const appRole = (await sql<{ name: string }>`select current_user as name`.execute(database.db)).rows[0]!.name;

      const plug = new pg.Client({ connectionString: withUser(serverUrl!, login.user, name), password: login.password });
      await plug.connect();
      try {
        const code = (query: string) =>
          plug.query(query).then(
            () => "ran",
            (error: { code?: string }) => error.code,
          );
        expect((await plug.query("select current_user as name")).rows).toEqual([{ name: login.user }]);
        expect(await code(`set role ${appRole}`)).toBe("42501");
        expect(await code("select password_hash from core.users")).toBe("42501");
        expect((await plug.query("select value from plug_vault.secrets")).rows).toEqual([{ value: "kept" }]);
      } finally {
        await plug.end();
      }
    } finally {
      await database.close();
      await dropPlugRolesOf(name);
    }
  });

  it("needs no CREATEROLE once a DBA has made the plug's role, and says what to run until then", async () => {
    const appRole = `care_test_app_${randomBytes(4).toString("hex")}`;
    await serverQuery(serverUrl!, `create role ${appRole} login`);
    const scratch = await createScratchDatabase(serverUrl!);
    const name = new URL(scratch.url).pathname.slice(1);
    await serverQuery(scratch.url, `grant create on database ${name} to ${appRole}`);
    const database = await openDatabase({ url: withUser(serverUrl!, appRole, name) });
    try {
      const refusal = await bootPlugs([await vault()], { database }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      const hash = createHash("md5").update(name).digest("hex").slice(0, 8);
      expect(refusal).toContain(
        `plug vault: the database role plug_vault_${hash} does not exist, and the app role ${appRole} may not create it (it has no ` +
          `CREATEROLE)`,
      );
      const dbaSql = refusal!.slice(refusal!.indexOf("\n") + 1);
      expect(dbaSql).toBe(`create role plug_vault_${hash} login;\ngrant plug_vault_${hash} to ${appRole};`);

      await serverQuery(serverUrl!, dbaSql);
      await (await bootPlugs([await vault()], { database })).close();
      expect(await asPlugRole(database.db, "vault", "select password_hash from core.users")).toEqual({ code: "42501" });
      expect(await asPlugRole(database.db, "vault", "select value from plug_vault.secrets")).toEqual({ rows: [{ value: "kept" }] });
      expect((await preparePlugLogin(database.db, "vault")).user).toBe(`plug_vault_${hash}`);
    } finally {
      await database.close();
      await scratch.drop();
      await dropPlugRolesOf(name);
      await serverQuery(serverUrl!, `drop role if exists ${appRole}`);
    }
  });
});

async function databaseName(db: Kysely<any>): Promise<string> {
  return (await sql<{ name: string }>`select current_database() as name`.execute(db)).rows[0]!.name;
}

function withUser(url: string, user: string, database?: string): string {
  const target = new URL(url);
  target.username = user;
  target.password = "";
  if (database) target.pathname = `/${database}`;
  return target.toString();
}

async function serverQuery(url: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** Roles belong to the server and outlive a dropped database: a test's are dropped with it. */
async function dropPlugRolesOf(databaseName: string): Promise<void> {
  if (!serverUrl) return;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "select rolname as name from pg_roles where rolname ~ ('^plug_[a-z0-9_]+_' || substr(md5($1), 1, 8) || '$')",
      [databaseName],
    );
    for (const { name } of rows) await client.query(`drop role if exists ${name}`);
  } finally {
    await client.end();
  }
}
