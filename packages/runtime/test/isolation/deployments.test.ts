import { randomBytes } from "node:crypto";
import { createScratchDatabase, openDatabase, openScratchDatabase, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootPlugs, fixturePlug } from "../fixture-plug.js";

// Roles belong to the whole server, databases do not: two deployments on one server must not share
// a plug role, and one deployment's app role must reach none of the other's plug tables.
const url = process.env.DATABASE_URL;
const plug = () =>
  fixturePlug({ id: "shared", install: "create table secrets (id int primary key, body text);\ninsert into secrets values (1, 'mine');" });
const schemaOwner = async (database: CareDatabase) =>
  (
    await sql<{ owner: string; expected: string }>`select nspowner::regrole::text as owner,
      'plug_shared_' || substr(md5(current_database()), 1, 8) as expected from pg_namespace where nspname = 'plug_shared'`.execute(
      database.db,
    )
  ).rows[0]!;

describe.skipIf(url)("on PGlite, one database", () => {
  it("names the plug's role after its database all the same", async () => {
    const database = await openScratchDatabase();
    try {
      await (await bootPlugs([await plug()], { database })).close();
      const { owner, expected } = await schemaOwner(database);
      expect(owner).toBe(expected);
    } finally {
      await database.close();
    }
  });
});

describe.runIf(url)("two deployments on one PostgreSQL server, each with its own app role", () => {
  const bRole = `care_iso_b_${randomBytes(4).toString("hex")}`;
  const bPassword = randomBytes(12).toString("hex");
  let a: CareDatabase;
  let b: CareDatabase;
  let dropB: () => Promise<void>;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    a = await openScratchDatabase();
    await (await bootPlugs([await plug()], { database: a })).close();
    // Deployment B: its own login, which creates its own database, as a hosting provider would set up.
    await admin(`create role ${bRole} login createdb createrole password '${bPassword}'`);
    const asB = new URL(url!);
    asB.username = bRole;
    asB.password = bPassword;
    const scratch = await createScratchDatabase(asB.toString());
    dropB = scratch.drop;
    b = await openDatabase({ url: scratch.url });
    await (await bootPlugs([await plug()], { database: b })).close();
  });
  afterAll(async () => {
    await b?.close();
    await dropB?.();
    await a?.close();
    await admin(`drop role if exists ${bRole}`).catch(() => undefined);
  });

  it("gives each database its own plug role", async () => {
    const inA = await schemaOwner(a);
    const inB = await schemaOwner(b);
    expect(inA.owner).toBe(inA.expected);
    expect(inB.owner).toBe(inB.expected);
    expect(inA.owner).not.toBe(inB.owner);
  });

  it("keeps B's app role and B's plug role out of A's plug tables", async () => {
    const roleA = (await schemaOwner(a)).owner;
    const roleB = (await schemaOwner(b)).owner;
    const { rows } = await sql<Record<string, boolean>>`select
        pg_has_role(${bRole}, ${roleA}, 'MEMBER') as b_app_in_a_plug,
        pg_has_role(${roleB}, ${roleA}, 'MEMBER') as b_plug_in_a_plug,
        has_schema_privilege(${bRole}, 'plug_shared', 'USAGE') as b_app_uses_schema,
        has_table_privilege(${bRole}, 'plug_shared.secrets', 'SELECT') as b_app_reads,
        has_table_privilege(${roleB}, 'plug_shared.secrets', 'SELECT') as b_plug_reads,
        has_column_privilege(${roleB}, 'core.users', 'password_hash', 'SELECT') as b_plug_reads_hashes`.execute(a.db);
    expect(rows[0]).toEqual({
      b_app_in_a_plug: false,
      b_plug_in_a_plug: false,
      b_app_uses_schema: false,
      b_app_reads: false,
      b_plug_reads: false,
      b_plug_reads_hashes: false,
    });

    // And tried for real: B's app role logs in to A's database and goes for the plug's table.
    const { rows: named } = await sql<{ name: string }>`select current_database() as name`.execute(a.db);
    const intoA = new URL(url!);
    intoA.username = bRole;
    intoA.password = bPassword;
    intoA.pathname = `/${named[0]!.name}`;
    const client = new pg.Client({ connectionString: intoA.toString() });
    await client.connect();
    try {
      for (const attempt of [`set role ${roleA}`, "select body from plug_shared.secrets", "select password_hash from core.users"]) {
        await expect(client.query(attempt), attempt).rejects.toMatchObject({ code: "42501" });
      }
    } finally {
      await client.end();
    }
  });
});
