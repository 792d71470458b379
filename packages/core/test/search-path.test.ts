import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sessionOptions } from "../src/db/server/session-options.js";
import { useCore } from "./helpers.js";

describe("the app's sessions resolve no unqualified name outside pg_catalog", () => {
  it("adds the search_path after any options the URL carries, so it wins", () => {
    expect(sessionOptions("postgres://app@db:5432/care")).toEqual({
      connectionString: "postgres://app@db:5432/care",
      options: "-c search_path=pg_catalog,pg_temp",
    });
    expect(
      sessionOptions("postgres://app:p%40ss@db/care?sslmode=require&options=-c%20search_path%3Dplug_lab%20-c%20statement_timeout%3D5000"),
    ).toEqual({
      connectionString: "postgres://app:p%40ss@db/care?sslmode=require",
      options: "-c search_path=plug_lab -c statement_timeout=5000 -c search_path=pg_catalog,pg_temp",
    });
  });

  describe.skipIf(!process.env.DATABASE_URL)("on a PostgreSQL server", () => {
    const started = useCore();
    const searchPath = async (db = started.core.database.db) =>
      (await sql<{ search_path: string }>`show search_path`.execute(db)).rows[0]!.search_path.replaceAll(" ", "");

    it("searches pg_catalog then pg_temp only, also after a transaction's own search_path is reset", async () => {
      expect(await searchPath()).toBe("pg_catalog,pg_temp");
      await started.core.database.db.transaction().execute(async (tx) => {
        await sql`set local search_path to public`.execute(tx);
        await sql`set local search_path to default`.execute(tx);
        expect(await searchPath(tx)).toBe("pg_catalog,pg_temp");
      });
    });

    it("does not find a table planted in public by an unqualified name", async () => {
      const { db } = started.core.database;
      await sql`create table public.planted (id int)`.execute(db);
      try {
        await expect(sql`select * from planted`.execute(db)).rejects.toThrow('relation "planted" does not exist');
      } finally {
        await sql`drop table public.planted`.execute(db);
      }
    });
  });
});
