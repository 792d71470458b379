import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureTestDatabase, openScratchDatabase, TestDatabaseMissingError } from "../src/testing/index.js";

// The local PostgreSQL server (trust authentication); these tests create and drop their own names on it.
const server = process.env.CARE_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432";
const reachable = await adminQuery("select 1").then(
  () => true,
  () => false,
);

async function adminQuery(sql: string, database = "postgres"): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: `${server}/${database}` });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.skipIf(!reachable)("the test kit on a PostgreSQL server whose named database is missing", () => {
  const suffix = randomBytes(4).toString("hex");
  const database = `care_kit_${suffix}`;
  const role = `care_kit_nocreate_${suffix}`;
  afterAll(async () => {
    await adminQuery(`drop database if exists ${database} with (force)`);
    await adminQuery(`drop database if exists ${database}_other with (force)`);
    await adminQuery(`drop role if exists ${role}`);
  });

  it("creates the database DATABASE_URL names, then opens a scratch database beside it", async () => {
    const url = `${server}/${database}`;
    const scratch = await openScratchDatabase(url);
    try {
      const found = await adminQuery(`select datname from pg_database where datname = '${database}'`);
      expect(found.rows).toEqual([{ datname: database }]);
      expect(await scratch.db.selectNoFrom((eb) => eb.val("ok").as("one")).execute()).toEqual([{ one: "ok" }]);
    } finally {
      await scratch.close();
    }
    // A second run finds it there and leaves it be.
    await expect(ensureTestDatabase(url)).resolves.toBeUndefined();
  });

  it("says which createdb command to run when its user may not create databases, without a stack of pg internals", async () => {
    await adminQuery(`create role ${role} login nocreatedb`);
    const url = `${server.replace("postgres@", `${role}@`)}/${database}_other`;
    const error = await ensureTestDatabase(url).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(TestDatabaseMissingError);
    expect((error as TestDatabaseMissingError).code).toBe("test_database_missing");
    const named = `DATABASE_URL names the database "${database}_other" on 127.0.0.1:5432, which does not exist`;
    expect((error as Error).message).toContain(named);
    expect((error as Error).message).toContain(`may not create databases`);
    expect((error as Error).message).toContain(`createdb -h 127.0.0.1 -p 5432 -U ${role} ${database}_other`);
    const found = await adminQuery(`select datname from pg_database where datname = '${database}_other'`);
    expect(found.rows).toEqual([]);
  });
});
