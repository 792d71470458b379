import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/index.js";

const tables = async (db: Awaited<ReturnType<typeof openDatabase>>) =>
  (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(db.db)).rows.map(
    (row) => row.name,
  );

/**
 * In-memory databases after a process's first start from a copy of a pristine cluster: each must
 * still be a database of its own, empty, whatever the others did before or meanwhile.
 */
describe.skipIf(Boolean(process.env.DATABASE_URL))("in-memory PGlite databases", () => {
  it("each starts empty and apart: neither the first one's later writes nor a sibling's show", async () => {
    const first = await openDatabase({});
    await sql`create table first_only (id int)`.execute(first.db);
    await sql`insert into first_only values (1)`.execute(first.db);
    const opened = await Promise.all([openDatabase({}), openDatabase({}), openDatabase({})]);
    try {
      for (const [index, database] of opened.entries()) {
        expect(await tables(database)).toEqual([]);
        await sql.raw(`create table sibling_${index} (id int)`).execute(database.db);
      }
      for (const [index, database] of opened.entries()) expect(await tables(database)).toEqual([`sibling_${index}`]);
      expect(await tables(first)).toEqual(["first_only"]);
      const later = await openDatabase({});
      expect(await tables(later)).toEqual([]);
      await later.close();
    } finally {
      await Promise.all([first, ...opened].map((database) => database.close()));
    }
  }, 120_000);
});
