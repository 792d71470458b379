import { createServerPool } from "@care/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type CareRun, type UpgradeWorkspace } from "./upgrade-workspace.js";

/**
 * An instance whose running-mark connection dropped still serves through its other connections: a
 * restore also refuses while any other session of the app role is on the database.
 */
describe.skipIf(!process.env.DATABASE_URL)("care restore while another session of the app is connected", () => {
  let site: UpgradeWorkspace;
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-restore-sessions-");
    await site.setPlugs([{ id: "lab", version: "1.0.0", install: "create table results (id int primary key);\n" }]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("is refused, naming how many and who, and changes nothing", async () => {
    const taken = await site.care(["backup", "-d", "site"]);
    const backup = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    await site.query((database) => sql`insert into plug_lab.results values (1)`.execute(database.db));
    const before = await site.snapshot();

    // A query first: a CareDatabase closed without one leaves its pool's first connection open.
    const url = (await site.query(async (database) => (await sql`select 1`.execute(database.db), database.serverUrl)))!;
    const pool = createServerPool({ connectionString: url, options: "-c application_name=lab-reports", max: 1 });
    const client = await pool.connect();
    let refused: CareRun;
    try {
      refused = await site.care(["restore", backup, "-d", "site"]);
    } finally {
      client.release();
      await pool.end();
    }
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(
      /care: \[deployment_running\] deployment site is running on .*1 other session of its roles on the database: lab-reports/,
    );
    expect(await site.snapshot()).toBe(before);

    const restored = await site.care(["restore", backup, "-d", "site"]);
    expect(restored.code, restored.output).toBe(0);
  }, 180_000);
});
