import { Kysely, sql } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "../src/db/scratch.js";
import { ServerDialect } from "../src/db/server/lazy-begin-driver.js";
import { createServerPool } from "../src/db/server/server-pool.js";
import { sessionOptions } from "../src/db/server/session-options.js";

// The app's driver on a server sends a transaction's BEGIN with its first statement, in one round
// trip when that statement has no parameters. Each test reads what the pool's connections sent.
describe.skipIf(!process.env.DATABASE_URL)("the app's driver on a PostgreSQL server", () => {
  let scratch: ScratchDatabase;
  let db: Kysely<any>;
  const sent: string[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.DATABASE_URL!);
    const pool = createServerPool({ ...sessionOptions(scratch.url), max: 2 });
    pool.on("connect", (client) => {
      const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
      client.query = ((text: string, values?: unknown[]) => (sent.push(text), query(text, values))) as typeof client.query;
    });
    db = new Kysely<any>({ dialect: new ServerDialect(pool) });
    await sql`create table public.items (id int primary key)`.execute(db);
  });
  beforeEach(async () => {
    await sql`truncate public.items`.execute(db);
    sent.length = 0;
  });
  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  const items = async () => (await db.selectFrom("public.items").select("id").orderBy("id").execute()).map((row) => row.id);

  it("sends BEGIN in the round trip of a first statement without parameters, and answers that statement's rows", async () => {
    const rows = await db.transaction().execute(async (tx) => {
      const { rows } = await sql.raw<{ one: number }>("select 1 as one").execute(tx);
      await tx.insertInto("public.items").values({ id: 1 }).execute();
      return rows;
    });
    expect(rows).toEqual([{ one: 1 }]);
    expect(sent).toEqual(["begin;\nselect 1 as one", 'insert into "public"."items" ("id") values ($1)', "commit"]);
    expect(await items()).toEqual([1]);
  });

  it("sends BEGIN alone before a first statement with parameters, which the simple protocol cannot carry", async () => {
    await db.transaction().execute((tx) => tx.insertInto("public.items").values({ id: 2 }).execute());
    expect(sent).toEqual(["begin", 'insert into "public"."items" ("id") values ($1)', "commit"]);
  });

  it("rolls back everything a folded BEGIN opened", async () => {
    const failed = db.transaction().execute(async (tx) => {
      await sql.raw("insert into public.items values (3)").execute(tx);
      await tx.insertInto("public.items").values({ id: 4 }).execute();
      throw new Error("changed my mind");
    });
    await expect(failed).rejects.toThrow("changed my mind");
    expect(sent.at(-1)).toBe("rollback");
    expect(await items()).toEqual([]);
  });

  it("rolls back when the folded statement fails, with the error's position in that statement, and the connection serves on", async () => {
    const failed = db.transaction().execute((tx) => sql.raw("select no_such_column from public.items").execute(tx));
    await expect(failed).rejects.toMatchObject({ code: "42703", position: "8" });
    expect(sent).toEqual(["begin;\nselect no_such_column from public.items", "rollback"]);
    // Not left in a failed transaction: a further write on the pool's connections works.
    await db.transaction().execute((tx) => tx.insertInto("public.items").values({ id: 5 }).execute());
    expect(await items()).toEqual([5]);
  });

  it("sends nothing for a transaction without statements", async () => {
    await db.transaction().execute(async () => undefined);
    expect(sent).toEqual([]);
  });

  it("keeps the transaction's settings", async () => {
    const level = await db
      .transaction()
      .setIsolationLevel("serializable")
      .execute(
        async (tx) =>
          (await sql.raw<{ level: string }>("select current_setting('transaction_isolation') as level").execute(tx)).rows[0]!.level,
      );
    expect(level).toBe("serializable");
    expect(sent[0]).toMatch(/^start transaction isolation level serializable;\n/);
  });

  it("reports affected rows as Kysely's own driver does", async () => {
    const result = await db.transaction().execute((tx) =>
      tx
        .insertInto("public.items")
        .values([{ id: 6 }, { id: 7 }])
        .executeTakeFirst(),
    );
    expect(result.numInsertedOrUpdatedRows).toBe(2n);
    const deleted = await db.transaction().execute((tx) => sql.raw("delete from public.items").execute(tx));
    expect(deleted.numAffectedRows).toBe(2n);
  });
});
