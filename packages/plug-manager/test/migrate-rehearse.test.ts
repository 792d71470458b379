import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeWorkspace, type PlugVersion, type UpgradeWorkspace } from "./upgrade-workspace.js";

const lab1: PlugVersion = { id: "lab", version: "1.0.0", install: "create table results (id int primary key, value text not null);\n" };
const lab11: PlugVersion = {
  id: "lab",
  version: "1.1.0",
  install: "create table results (id int primary key, value text not null, unit text);\n",
  steps: { "1.0.0_1.1.0": "alter table results add column unit text;\n" },
};
const notify: PlugVersion = { id: "notify", version: "0.2.0", install: "create table messages (id int primary key, body text);\n" };

/**
 * The night of an upgrade: `care migrate --plan` says what would run, `--rehearse` runs it and takes
 * it back. Neither may change the database, which a snapshot of its schemas and registry proves.
 */
describe("care migrate --plan and --rehearse", () => {
  let site: UpgradeWorkspace;
  beforeAll(async () => {
    site = await upgradeWorkspace("care-cli-rehearse-");
    await site.setPlugs([lab1]);
    const installed = await site.care(["migrate", "-d", "site"]);
    expect(installed.code, installed.output).toBe(0);
    // The new release: lab upgrades, notify is new.
    await site.setPlugs([lab11, notify]);
  }, 120_000);
  afterAll(() => site.cleanup());

  it("--plan lists each plug's steps in start order and changes nothing", async () => {
    const before = await site.snapshot();
    const plan = await site.care(["migrate", "--plan", "-d", "site"]);
    expect(plan.code, plan.output).toBe(0);
    expect(plan.stdout).toContain("(nothing was changed)");
    expect(plan.stdout).toMatch(
      /core: up to date\nplug lab: upgrade 1\.0\.0 → 1\.1\.0: upgrade\/1\.0\.0_1\.1\.0\nplug notify: install 0\.2\.0: install\.sql\n/,
    );
    expect(await site.snapshot()).toBe(before);
  }, 120_000);

  it("--rehearse of a good chain reports each step's time, rolls back, and changes nothing; no backup", async () => {
    const before = await site.snapshot();
    const rehearsal = await site.care(["migrate", "--rehearse", "-d", "site"]);
    expect(rehearsal.code, rehearsal.output).toBe(0);
    expect(rehearsal.stdout).toContain("ran in one transaction, then rolled back; nothing was changed");
    expect(rehearsal.stdout).toMatch(
      new RegExp(
        /plug lab: upgrade 1\.0\.0 → 1\.1\.0\n {2}upgrade\/1\.0\.0_1\.1\.0: [\d.]+ ms\n/.source +
          /plug notify: install 0\.2\.0\n {2}install\.sql: [\d.]+ ms\n/.source,
      ),
    );
    expect(rehearsal.stdout).toMatch(/rehearsal passed in [\d.]+ ms/);
    expect(await site.snapshot()).toBe(before);
    expect(before).not.toContain("plug_notify.messages");
    expect(existsSync(site.backupDir), "a rehearsal takes no backup").toBe(false);
  }, 120_000);

  it("--rehearse of a failing step names the plug, file and line, exits 1, and changes nothing", async () => {
    await site.setPlugs([
      {
        ...lab11,
        version: "1.2.0",
        steps: {
          ...lab11.steps,
          "1.1.0_1.2.0": "alter table results add column checked boolean;\n\nupdate results set value = no_such_column;\n",
        },
      },
      notify,
    ]);
    const before = await site.snapshot();
    const rehearsal = await site.care(["migrate", "--rehearse", "-d", "site"]);
    expect(rehearsal.code, rehearsal.output).toBe(1);
    // The step before the failing one ran, and is reported with its time.
    expect(rehearsal.stdout).toMatch(/plug lab: upgrade 1\.0\.0 → 1\.2\.0\n {2}upgrade\/1\.0\.0_1\.1\.0: [\d.]+ ms\n/);
    expect(rehearsal.output).toMatch(
      /care: \[plug_step_failed\] rehearsal failed at plug lab, file migrations\/upgrade\/1\.1\.0_1\.2\.0\.sql, line 3: .*no_such_column/,
    );
    expect(rehearsal.output).toContain("the database was not changed");
    expect(await site.snapshot()).toBe(before);
  }, 120_000);
});
