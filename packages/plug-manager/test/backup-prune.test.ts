import { readdir } from "node:fs/promises";
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

/** CARE_BACKUP_KEEP counts the backups before a migration only: the new one stays, a manual one too. */
describe("pruning the backups before a migration", () => {
  let site: UpgradeWorkspace;
  const backups = async () => (await readdir(site.backupDir)).filter((name) => !name.endsWith(".json")).sort();
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-backup-prune-");
    await site.setPlugs([lab("1.0.0", {})]);
    expect((await site.care(["migrate", "-d", "site"])).code).toBe(0);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("with CARE_BACKUP_KEEP=1 keeps the new one and leaves a manual one", async () => {
    const manual = await site.care(["backup", "-d", "site"], { CARE_BACKUP_KEEP: "1" });
    expect(manual.code, manual.output).toBe(0);
    await site.setPlugs([lab("1.1.0", step1)]);
    expect((await site.care(["migrate", "-d", "site"], { CARE_BACKUP_KEEP: "1" })).code).toBe(0);
    const [, first] = await backups();
    await site.setPlugs([lab("1.2.0", step2)]);
    const second = await site.care(["migrate", "-d", "site"], { CARE_BACKUP_KEEP: "1" });
    expect(second.code, second.output).toBe(0);
    expect(second.stdout).toContain(`removed the older backup ${site.backupDir}/${first}`);

    const kept = await backups();
    expect(kept).toHaveLength(2);
    expect(kept.filter((name) => name.includes("-manual."))).toHaveLength(1);
    const newest = /^backup: (\S+)$/m.exec(second.stdout)![1]!;
    expect(kept.map((name) => `${site.backupDir}/${name}`)).toContain(newest);
  }, 180_000);
});
