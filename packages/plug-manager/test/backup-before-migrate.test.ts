import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type PlugVersion, type UpgradeWorkspace } from "./upgrade-workspace.js";

const lab = (version: string, steps: Record<string, string>): PlugVersion => ({
  id: "lab",
  version,
  install: "create table results (id int primary key);\n",
  steps,
});
const step1 = { "1.0.0_1.1.0": "alter table results add column unit text;\n" };
const step2 = { ...step1, "1.1.0_1.2.0": "alter table results add column checked boolean;\n" };
const step3 = { ...step2, "1.2.0_1.3.0": "alter table results add column note text;\n" };

/**
 * A start or `care migrate` that is about to change the schema backs the database up first, with
 * what it held beside it, and keeps the newest CARE_BACKUP_KEEP; a new, empty database needs none.
 */
describe("the backup before a migration", () => {
  let site: UpgradeWorkspace;
  const backups = async () => (await readdir(site.backupDir).catch(() => [])).filter((name) => !name.endsWith(".json")).sort();
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-backup-before-");
  });
  afterAll(() => site.cleanup());

  it("takes none for a new database, one before `care migrate` changes it, and records what it held", async () => {
    await site.setPlugs([lab("1.0.0", {})]);
    const first = await site.care(["migrate", "-d", "site"]);
    expect(first.code, first.output).toBe(0);
    expect(existsSync(site.backupDir), "nothing to lose on a new database").toBe(false);

    await site.setPlugs([lab("1.1.0", step1)]);
    const upgrade = await site.care(["migrate", "-d", "site"], { CARE_BACKUP_KEEP: "2" });
    expect(upgrade.code, upgrade.output).toBe(0);
    const [file] = await backups();
    expect(upgrade.stdout).toContain(`backup: ${join(site.backupDir, file!)}\n`);
    expect(file).toMatch(site.engine === "pglite" ? /^site-.*-before-migrate\.pglite\.tar\.gz$/ : /^site-.*-before-migrate\.sql\.gz$/);
    const metadata = JSON.parse(await readFile(join(site.backupDir, `${file}.json`), "utf8"));
    expect(metadata).toMatchObject({
      deployment: "site",
      engine: site.engine,
      reason: "before-migrate",
      bundle: { plugs: { lab: "1.1.0" } },
    });
    // What the database held when it was taken: before the upgrade.
    expect(metadata.database.plugs).toEqual({ lab: "1.0.0" });
    expect(metadata.database.coreMigrations).toContain("0001_initial");

    const current = await site.care(["migrate", "-d", "site"], { CARE_BACKUP_KEEP: "2" });
    expect(current.stdout, "nothing pending: no backup").not.toContain("backup:");
    expect(await backups()).toHaveLength(1);
  }, 180_000);

  it("a start with something pending backs up first; the oldest go beyond CARE_BACKUP_KEEP", async () => {
    await site.setPlugs([lab("1.2.0", step2)]);
    const running = await site.start({ CARE_BACKUP_KEEP: "2" });
    await running.stop();
    expect(running.output()).toContain("backup before migrating:");
    expect(await backups()).toHaveLength(2);
    const [oldest, newer] = await backups();

    await site.setPlugs([lab("1.3.0", step3)]);
    const migrate = await site.care(["migrate", "-d", "site"], { CARE_BACKUP_KEEP: "2" });
    expect(migrate.code, migrate.output).toBe(0);
    expect(migrate.stdout).toContain(`removed the older backup ${join(site.backupDir, oldest!)} (keeping 2)`);
    const kept = await backups();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toBe(newer);
    expect(existsSync(join(site.backupDir, `${oldest}.json`))).toBe(false);
  }, 180_000);

  it.skipIf(!process.env.DATABASE_URL)(
    "on a server without pg_dump, refuses to migrate (backup_unavailable) unless told to go without",
    async () => {
      await site.setPlugs([lab("1.4.0", { ...step3, "1.3.0_1.4.0": "alter table results add column late boolean;\n" })]);
      const before = await site.snapshot();
      const refused = await site.care(["migrate", "-d", "site"], { PATH: "/nonexistent" });
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toMatch(
        new RegExp(
          /care: \[backup_unavailable\] cannot back up PostgreSQL at .*: pg_dump is not on the PATH\./.source +
            / Nothing was changed\. To proceed,/.source +
            / install PostgreSQL's client tools matching the server \(PostgreSQL \d+\): apt-get install postgresql-client-\d+/.source,
        ),
      );
      expect(refused.output).toContain("set CARE_MIGRATE_WITHOUT_BACKUP=1");
      expect(await site.snapshot()).toBe(before);

      const without = await site.care(["migrate", "-d", "site"], { PATH: "/nonexistent", CARE_MIGRATE_WITHOUT_BACKUP: "1" });
      expect(without.code, without.output).toBe(0);
      expect(without.stdout).toContain("backup: none taken (CARE_MIGRATE_WITHOUT_BACKUP is set)");
      expect(without.stdout).toContain("plug lab: upgraded 1.3.0 → 1.4.0");
    },
    180_000,
  );
});
