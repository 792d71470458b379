import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stageWorkspace, type FixturePlug } from "./stage-workspace.js";

type Workspace = Awaited<ReturnType<typeof stageWorkspace>>;

const sms = (version: string, more: Partial<FixturePlug> = {}): FixturePlug => ({
  name: "@fixtures/sms",
  version,
  plug: { id: "sms", core: "*", contract: "^1.0.0" },
  ...more,
});
const sha256File = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
const smsTables = "create table plug_sms.messages (id uuid primary key, patient_id uuid);\n";

/**
 * `care stage` inspects an archive as the console does, stages it on confirmation, and `care changes`
 * lists and discards what is staged, in the site folder (apps/site/.care/site/staged).
 */
describe("care stage and care changes", () => {
  let site: Workspace;

  beforeAll(async () => {
    site = await stageWorkspace("care-stage-");
    const installed = await site.pack(sms("1.0.0"));
    const added = await site.care(["plug", "add", installed, "-d", "site", "--yes"]);
    expect(added.code, added.output).toBe(0);
  }, 180_000);
  afterAll(() => rm(site.workspace, { recursive: true, force: true }));

  const changes = async () => {
    const listed = await site.care(["changes", "-d", "site", "--json"]);
    expect(listed.code, listed.output).toBe(0);
    return (JSON.parse(listed.output) as { items: Record<string, unknown>[] }).items;
  };

  it("shows a signed new plug's declaration, stages it on --yes, and lists it", async () => {
    const archive = await site.pack({
      name: "@fixtures/lab",
      version: "1.0.0",
      plug: {
        id: "lab",
        core: ">=0.1.0 <1.0.0",
        contract: "^1.0.0",
        dependencies: { sms: "^1.0.0" },
        coreReads: { patients: ["id", "name"] },
        hosts: ["lab.example.org"],
      },
      extra: { description: "Lab orders", license: "MIT", author: { name: "Acme Labs" } },
    });
    const staged = await site.care(["stage", archive, "-d", "site", "--yes"]);
    expect(staged.code, staged.output).toBe(0);
    for (const line of [
      "fixtures-lab-1.0.0.tgz (",
      ": add plug lab (1.0.0)",
      "  id               lab",
      "  package          @fixtures/lab@1.0.0",
      "  description      Lab orders",
      "  author           Acme Labs",
      `  signature        signed by acme (${site.publisher.fingerprint})`,
      "  core             >=0.1.0 <1.0.0 (this site's core is in range)",
      "  needs plugs      sms ^1.0.0",
      "  core tables      patients(id, name)",
      "  outside hosts    lab.example.org",
      "  needs network    no",
    ]) {
      expect(staged.output).toContain(line);
    }
    const sha256 = await sha256File(join(site.workspace, archive));
    expect(await changes()).toEqual([
      expect.objectContaining({
        kind: "add",
        plug: "lab",
        package: "@fixtures/lab",
        version: "1.0.0",
        fromVersion: null,
        archive: { name: "fixtures-lab-1.0.0.tgz", sha256 },
        stagedBy: expect.stringMatching(/^cli:/),
      }),
    ]);
    expect(await site.stagedArchives()).toEqual([`${sha256}.tgz`]);
    expect(await site.incoming()).toEqual([]);
  });

  it("an upgrade lists the steps that will run and what its declaration changed; a newer one replaces it", async () => {
    const upgrade = await site.pack(
      sms("1.1.0", {
        plug: { id: "sms", core: "*", contract: "^1.0.0", coreReads: { patients: ["id"] }, hosts: ["sms.example.org"] },
        migrations: {
          "install.sql": smsTables,
          "upgrade/1.0.0_1.1.0.sql": "alter table plug_sms.messages add column sent_at timestamptz;\n",
        },
      }),
    );
    const staged = await site.care(["stage", upgrade, "-d", "site", "--yes", "--json"]);
    expect(staged.code, staged.output).toBe(0);
    const document = JSON.parse(staged.output);
    expect(document.inspection).toMatchObject({
      change: "upgrade",
      plug: { id: "sms", package: "@fixtures/sms", version: "1.1.0" },
      signature: { status: "signed", signedBy: "acme", fingerprint: site.publisher.fingerprint },
      upgrade: {
        from: "1.0.0",
        steps: [{ from: "1.0.0", to: "1.1.0", file: "migrations/upgrade/1.0.0_1.1.0.sql" }],
        declarationChanges: [
          { field: "coreTables", before: [], after: [{ table: "patients", access: ["id"] }] },
          { field: "outsideHosts", before: [], after: ["sms.example.org"] },
        ],
      },
    });
    expect(document.staged).toMatchObject({ kind: "upgrade", plug: "sms", version: "1.1.0", fromVersion: "1.0.0" });
    expect(document.replaced).toBeNull();

    const newer = await site.pack(
      sms("1.2.0", {
        migrations: {
          "install.sql": smsTables,
          "upgrade/1.0.0_1.1.0.sql": "alter table plug_sms.messages add column sent_at timestamptz;\n",
          "upgrade/1.1.0_1.2.0.sql": "alter table plug_sms.messages add column body text;\n",
        },
      }),
    );
    const replacing = await site.care(["stage", newer, "-d", "site", "--yes"]);
    expect(replacing.code, replacing.output).toBe(0);
    expect(replacing.output).toContain(
      "  upgrade steps    1.0.0 → 1.1.0 (migrations/upgrade/1.0.0_1.1.0.sql), 1.1.0 → 1.2.0 (migrations/upgrade/1.1.0_1.2.0.sql)",
    );
    expect(replacing.output).toContain("  declaration      the same as the installed version's");
    expect(replacing.output).toContain("it replaces the change staged before for plug sms");
    const listed = await changes();
    expect(listed.filter((change) => change.plug === "sms")).toEqual([expect.objectContaining({ kind: "upgrade", version: "1.2.0" })]);
    // The replaced upgrade's archive went with it.
    expect(await site.stagedArchives()).not.toContain(`${document.inspection.file.sha256}.tgz`);
    expect(await site.stagedArchives()).toContain(`${await sha256File(join(site.workspace, newer))}.tgz`);
  });

  it("discard removes the change and its archive; an unknown id is refused", async () => {
    const lab = (await changes()).find((change) => change.plug === "lab")!;
    const archive = join(site.siteDir, "staged", `${(lab.archive as { sha256: string }).sha256}.tgz`);
    expect(existsSync(archive)).toBe(true);
    const discarded = await site.care(["changes", "discard", lab.id as string, "-d", "site"]);
    expect(discarded.code, discarded.output).toBe(0);
    expect(discarded.output).toContain(`discarded ${lab.id}  add lab 1.0.0`);
    expect((await changes()).map((change) => change.plug)).toEqual(["sms"]);
    expect(existsSync(archive)).toBe(false);
    const again = await site.care(["changes", "discard", lab.id as string, "-d", "site"]);
    expect(again.code).not.toBe(0);
    expect(again.output).toContain(`[staged_change_unknown] no staged change has the id "${lab.id}"`);
  });

  it("stages switching a plug off, and refuses an unknown plug or a switch to the state it is in", async () => {
    const pointless = await site.care(["stage", "--enable", "sms", "-d", "site"]);
    expect(pointless.code).not.toBe(0);
    expect(pointless.output).toContain("[change_not_needed] plug sms is switched on already; nothing was staged");
    const unknown = await site.care(["stage", "--disable", "nope", "-d", "site"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.output).toContain('[plug_not_in_deployment] deployment site has no plug "nope"');
    const before = await site.changesFile();
    const both = await site.care(["stage", "x.tgz", "--disable", "sms", "-d", "site"]);
    expect(both.code).not.toBe(0);
    expect(both.output).toContain("[invalid_arguments]");
    expect(await site.changesFile()).toBe(before);

    const disabled = await site.care(["stage", "--disable", "sms", "-d", "site"]);
    expect(disabled.code, disabled.output).toBe(0);
    expect(disabled.output).toContain("it replaces the change staged before for plug sms");
    expect(await changes()).toEqual([expect.objectContaining({ kind: "disable", plug: "sms", version: "1.0.0", archive: null })]);
    // The upgrade it replaced kept the only archive.
    expect(await site.stagedArchives()).toEqual([]);
  });

  // Each process reads changes.json, adds its change and writes it back: only the lock keeps them from overwriting each other.
  it("several care stage processes at once all land: none loses another's write", async () => {
    const archives: string[] = [];
    for (const id of ["alpha", "beta", "gamma"]) {
      archives.push(await site.pack({ name: `@fixtures/${id}`, version: "1.0.0", plug: { id, core: "*", contract: "^1.0.0" } }));
    }
    const runs = await Promise.all([
      ...archives.map((archive) => site.care(["stage", archive, "-d", "site", "--yes"])),
      site.care(["stage", "--remove", "sms", "-d", "site"]),
    ]);
    for (const run of runs) expect(run.code, run.output).toBe(0);
    const listed = await changes();
    expect(listed.map((change) => `${change.kind} ${change.plug}`).sort()).toEqual(["add alpha", "add beta", "add gamma", "remove sms"]);
    expect(await site.stagedArchives()).toHaveLength(3);
    expect(await site.incoming()).toEqual([]);
  }, 120_000);
});
