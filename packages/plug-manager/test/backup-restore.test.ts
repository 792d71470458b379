import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type CareRun, type PlugVersion, type UpgradeWorkspace } from "./upgrade-workspace.js";

const lab = (version: string): PlugVersion => ({
  id: "lab",
  version,
  install: "create table results (id int primary key, value text not null);\n",
  steps: version === "1.0.0" ? {} : { "1.0.0_1.1.0": "select 1;\n" },
});
const notify: PlugVersion = { id: "notify", version: "0.2.0", install: "create table messages (id int primary key);\n" };

/**
 * `care backup` and `care restore`: a restore brings back exactly what the backup held, a plug
 * installed since included, and refuses a newer bundle's backup and a running deployment.
 */
describe("care backup and care restore", () => {
  let site: UpgradeWorkspace;
  let backup: string;
  const results = () =>
    site.query(async (database) =>
      (await sql<{ id: number }>`select id from plug_lab.results order by id`.execute(database.db)).rows.map((row) => row.id),
    );
  const insert = (id: number) => site.query((database) => sql`insert into plug_lab.results values (${id}, 'v')`.execute(database.db));

  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-restore-");
    await site.setPlugs([lab("1.0.0")]);
    const migrated = await site.care(["migrate", "-d", "site"]);
    expect(migrated.code, migrated.output).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("restores exactly the backup's rows and schema: later rows and a plug installed since are gone", async () => {
    await insert(1);
    await insert(2);
    const taken = await site.care(["backup", "-d", "site"]);
    expect(taken.code, taken.output).toBe(0);
    backup = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    expect(backup).toMatch(/-manual\./);
    const atBackup = await site.snapshot();

    await insert(3);
    await site.setPlugs([lab("1.0.0"), notify]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
    expect(await site.snapshot()).toContain("plug_notify.messages");

    const restored = await site.care(["restore", backup, "-d", "site"]);
    expect(restored.code, restored.output).toBe(0);
    expect(restored.stdout).toContain(`restored ${backup} into `);
    expect(restored.stdout).toContain("plugs lab 1.0.0");
    expect(await results()).toEqual([1, 2]);
    expect(await site.snapshot()).toBe(atBackup);
  }, 180_000);

  it("refuses a backup from a newer bundle (a newer plug, an unknown core migration), changing nothing", async () => {
    // The next release runs, is backed up, and is then rolled back to the older bundle.
    await site.setPlugs([lab("1.1.0")]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
    const taken = await site.care(["backup", "-d", "site"]);
    const newer = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    await site.setPlugs([lab("1.0.0")]);
    const before = await site.snapshot();
    const refused = await site.care(["restore", newer, "-d", "site"]);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain(
      `care: [restore_refused] ${newer} cannot be restored into deployment site: it holds plug lab at 1.1.0, newer than this bundle's ` +
        `1.0.0`,
    );
    expect(refused.output).toContain("Nothing was changed");

    // A newer Care's backup records a core migration this one does not know.
    const future = backup.replace(/(\.[a-z.]+)$/, "-future$1");
    await copyFile(backup, future);
    const metadata = JSON.parse(await readFile(`${backup}.json`, "utf8"));
    metadata.database.coreMigrations.push("0999_from_the_future");
    await writeFile(`${future}.json`, JSON.stringify(metadata));
    const unknown = await site.care(["restore", future, "-d", "site"]);
    expect(unknown.code, unknown.output).toBe(1);
    expect(unknown.output).toContain("care: [restore_refused]");
    expect(unknown.output).toContain("a newer Care wrote it");
    expect(await site.snapshot()).toBe(before);
    await rm(future);
    await rm(`${future}.json`);
  }, 180_000);

  it("refuses while the deployment runs, and restores once it has stopped", async () => {
    // The database holds lab 1.1.0 now: the bundle that runs has it too.
    await site.setPlugs([lab("1.1.0")]);
    const running = await site.start();
    let refused: CareRun;
    try {
      refused = await site.care(["restore", backup, "-d", "site"]);
    } finally {
      await running.stop();
    }
    expect(refused.code, refused.output).toBe(1);
    if (site.engine === "pglite") {
      expect(refused.output).toMatch(/care: \[data_folder_in_use\] .*`care restore` cannot open it while the deployment runs/);
    } else {
      expect(refused.output).toContain("care: [deployment_running] deployment site is running on PostgreSQL at");
    }
    expect(refused.output).toMatch(/stop/);

    await insert(4);
    const restored = await site.care(["restore", backup, "-d", "site"]);
    expect(restored.code, restored.output).toBe(0);
    expect(await results()).toEqual([1, 2]);
  }, 180_000);
});
