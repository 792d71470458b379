import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type UpgradeWorkspace } from "./upgrade-workspace.js";

/** A restore backs up what it replaces first and says where, so a wrong restore can be undone. */
describe("care restore of the wrong backup", () => {
  let site: UpgradeWorkspace;
  const ids = () =>
    site.query(async (database) =>
      (await sql<{ id: number }>`select id from plug_lab.results order by id`.execute(database.db)).rows.map((row) => row.id),
    );
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-restore-undo-");
    await site.setPlugs([{ id: "lab", version: "1.0.0", install: "create table results (id int primary key);\n" }]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("is undone by restoring the backup it printed", async () => {
    const taken = await site.care(["backup", "-d", "site"]);
    const old = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    await site.query((database) => sql`insert into plug_lab.results values (1), (2)`.execute(database.db));

    const wrong = await site.care(["restore", old, "-d", "site"]);
    expect(wrong.code, wrong.output).toBe(0);
    expect(await ids()).toEqual([]);
    const undo = /^backup before restore: (\S+) /m.exec(wrong.stdout)?.[1];
    expect(undo, wrong.stdout).toMatch(/-before-restore\./);

    const undone = await site.care(["restore", undo!, "-d", "site", "--without-backup"]);
    expect(undone.code, undone.output).toBe(0);
    expect(undone.stdout).toContain("backup before restore: none taken");
    expect(await ids()).toEqual([1, 2]);
  }, 180_000);

  it("refuses when that backup cannot be taken, saying how to go without it", async () => {
    const taken = await site.care(["backup", "-d", "site"]);
    const backup = /^backup: (\S+) /m.exec(taken.stdout)![1]!;
    await site.query((database) => sql`insert into plug_lab.results values (3)`.execute(database.db));
    // A backup folder that is a file: no backup can be written there.
    const refused = await site.care(["restore", backup, "-d", "site"], { CARE_BACKUP_DIR: backup });
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain("cannot back up what the restore would replace");
    expect(refused.output).toContain("--without-backup");
    expect(await ids()).toEqual([1, 2, 3]);
  }, 180_000);
});
