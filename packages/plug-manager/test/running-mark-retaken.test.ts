import { createServerPool } from "@care/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type CareRun, type UpgradeWorkspace } from "./upgrade-workspace.js";

/** The running mark's session of its own may end while the instance serves on: it takes the mark again. */
describe.skipIf(!process.env.DATABASE_URL)("a running instance whose mark's connection was ended", () => {
  let site: UpgradeWorkspace;
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-running-mark-");
    await site.setPlugs([{ id: "lab", version: "1.0.0", install: "create table results (id int primary key);\n" }]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("holds the mark again, so a restore is still refused", async () => {
    const taken = await site.care(["backup", "-d", "site"]);
    const backup = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    const url = (await site.query(async (database) => (await sql`select 1`.execute(database.db), database.serverUrl)))!;
    const pool = createServerPool({ connectionString: url, options: "", max: 1 });
    const holder = `select pid from pg_locks where locktype = 'advisory' and mode = 'ShareLock' and granted
      and database = (select oid from pg_database where datname = current_database())`;
    const running = await site.start();
    let refused: CareRun;
    try {
      const [first] = (await pool.query<{ pid: number }>(holder)).rows;
      expect(first, "the running instance holds the mark").toBeDefined();
      await pool.query("select pg_terminate_backend($1)", [first!.pid]);
      // Wait until a new session holds it again.
      for (;;) {
        const { rows } = await pool.query<{ pid: number }>(holder);
        if (rows.some((row) => row.pid !== first!.pid)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      refused = await site.care(["restore", backup, "-d", "site"]);
    } finally {
      await running.stop();
      await pool.end();
    }
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain("care: [deployment_running] deployment site is running on PostgreSQL at");
    expect(refused.output).toContain("(an instance holds it)");
    expect(running.output()).toContain("the mark is held again on a new one");
  }, 180_000);
});
