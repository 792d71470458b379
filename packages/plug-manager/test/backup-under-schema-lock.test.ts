import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { createServerPool } from "@care/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type CareRun, type PlugVersion, type UpgradeWorkspace } from "./upgrade-workspace.js";

const lab = (version: string, steps: Record<string, string>): PlugVersion => ({
  id: "lab",
  version,
  install: "create table results (id int primary key);\n",
  steps,
});

/**
 * On a server the backup before a migration waits for the schema lock: while another instance
 * migrates (it holds that lock), pg_dump could read a table being rewritten as empty.
 */
describe.skipIf(!process.env.DATABASE_URL)("the backup before a migration on a server", () => {
  let site: UpgradeWorkspace;
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-backup-lock-");
    await site.setPlugs([lab("1.0.0", {})]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("is not taken while another instance holds the schema lock", async () => {
    await site.setPlugs([lab("1.1.0", { "1.0.0_1.1.0": "alter table results add column unit text;\n" })]);
    const url = (await site.query(async (database) => (await sql`select 1`.execute(database.db), database.serverUrl)))!;
    // Another instance, migrating: it holds the key every migration takes.
    const pool = createServerPool({ connectionString: url, options: "", max: 2 });
    const other = await pool.connect();
    await other.query("select pg_advisory_lock(hashtext('care_deployment_schema'))");
    let migrate: Promise<CareRun>;
    try {
      migrate = site.care(["migrate", "-d", "site"]);
      // Wait until the migrate waits for that lock.
      for (;;) {
        const { rows } = await pool.query(
          "select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'",
        );
        if (rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(existsSync(site.backupDir) ? await readdir(site.backupDir) : [], "no backup while another instance migrates").toEqual([]);
    } finally {
      other.release(true);
      await pool.end();
    }
    const done = await migrate;
    expect(done.code, done.output).toBe(0);
    expect(done.stdout).toMatch(/^backup: \S+-before-migrate\.sql\.gz$/m);
  }, 180_000);
});
