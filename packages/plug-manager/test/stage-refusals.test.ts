import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stageWorkspace, type FixturePlug } from "./stage-workspace.js";

type Workspace = Awaited<ReturnType<typeof stageWorkspace>>;

const plug = (name: string, version: string, block: Record<string, unknown>): FixturePlug => ({
  name,
  version,
  plug: { core: "*", contract: "^1.0.0", ...block },
});

/**
 * An archive that must not be installed is refused with its code when it is staged, and nothing is
 * staged: changes.json, the staged archives and the incoming uploads are exactly as before.
 */
describe("care stage refuses", () => {
  let site: Workspace;
  let before: { changes: string | undefined; archives: string[] };

  beforeAll(async () => {
    site = await stageWorkspace("care-stage-refused-");
    const installed = await site.pack(plug("@fixtures/sms", "1.0.0", { id: "sms" }));
    const added = await site.care(["plug", "add", installed, "-d", "site", "--yes"]);
    expect(added.code, added.output).toBe(0);
    // Something staged already, which no refusal may touch.
    const staged = await site.care(["stage", await site.pack(plug("@fixtures/lab", "1.0.0", { id: "lab" })), "-d", "site", "--yes"]);
    expect(staged.code, staged.output).toBe(0);
    before = { changes: await site.changesFile(), archives: await site.stagedArchives() };
    expect(before.changes).toContain('"plug": "lab"');
  }, 180_000);
  afterAll(() => rm(site.workspace, { recursive: true, force: true }));

  const refused = async (archive: string, expected: string) => {
    const run = await site.care(["stage", archive, "-d", "site", "--yes"]);
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toContain(expected);
    expect(run.output).not.toContain("staged ");
    expect(await site.changesFile()).toBe(before.changes);
    expect(await site.stagedArchives()).toEqual(before.archives);
    expect(await site.incoming()).toEqual([]);
    return run.output;
  };

  it("a tampered archive: one byte changed after it was signed", async () => {
    const archive = await site.pack(plug("@fixtures/notes", "1.0.0", { id: "notes" }));
    const tampered = join(site.workspace, "tampered/fixtures-notes-1.0.0.tgz");
    await mkdir(join(site.workspace, "tampered"), { recursive: true });
    const bytes = await readFile(join(site.workspace, archive));
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await writeFile(tampered, bytes);
    await refused("tampered/fixtures-notes-1.0.0.tgz", "[archive_damaged]");
  });

  it("a tampered archive whose .sha256 came with it", async () => {
    const archive = await site.pack(plug("@fixtures/notes", "1.0.1", { id: "notes" }));
    const copy = join(site.workspace, "tampered/fixtures-notes-1.0.1.tgz");
    await copyFile(join(site.workspace, `${archive}.sha256`), `${copy}.sha256`);
    const bytes = await readFile(join(site.workspace, archive));
    bytes[bytes.length - 8]! ^= 0x01;
    await writeFile(copy, bytes);
    await refused("tampered/fixtures-notes-1.0.1.tgz", "[archive_checksum_mismatch]");
  });

  it("a signed archive whose files changed after signing, packed again", async () => {
    const archive = await site.pack(plug("@fixtures/notes", "1.0.4", { id: "notes" }));
    const unpacked = join(site.workspace, "repacked");
    await mkdir(unpacked, { recursive: true });
    execFileSync("tar", ["-xzf", join(site.workspace, archive), "-C", unpacked]);
    await writeFile(join(unpacked, "package/index.js"), 'console.log("not what was signed");\n');
    execFileSync("tar", ["-czf", join(site.workspace, "tampered/fixtures-notes-1.0.4.tgz"), "-C", unpacked, "package"]);
    await refused("tampered/fixtures-notes-1.0.4.tgz", "[plug_signature_invalid] plug notes (@fixtures/notes@1.0.4");
  });

  it("an unsigned archive where the trust policy requires signatures", async () => {
    const output = await refused(await site.pack(plug("@fixtures/notes", "1.0.0", { id: "notes" }), false), "[plug_unsigned]");
    expect(output).toContain('add "file" to trust.unsigned in plug.config.ts');
  });

  it("a misnamed archive: the installed package calling itself another plug, or another package taking an installed id", async () => {
    await refused(
      await site.pack(plug("@fixtures/sms", "1.1.0", { id: "texts" })),
      '[archive_misnamed] @fixtures/sms@1.1.0 calls itself plug "texts", but @fixtures/sms is installed here as plug "sms"',
    );
    await refused(
      await site.pack(plug("@fixtures/other-sms", "2.0.0", { id: "sms" })),
      '[archive_misnamed] @fixtures/other-sms@2.0.0 is plug "sms", but plug sms of this deployment is the package @fixtures/sms',
    );
  });

  it("a core range this site's core is not in", async () => {
    await refused(
      await site.pack(plug("@fixtures/notes", "1.0.2", { id: "notes", core: ">=9.0.0" })),
      "[archive_core_incompatible] @fixtures/notes@1.0.2 works with Care core >=9.0.0, and this site runs core",
    );
  });

  it("a downgrade, and the version already there", async () => {
    await refused(
      await site.pack(plug("@fixtures/sms", "0.9.0", { id: "sms" })),
      "[archive_downgrade] @fixtures/sms@0.9.0 is older than plug sms's 1.0.0 here; plugs are never downgraded",
    );
    await refused(
      await site.pack(plug("@fixtures/sms", "1.0.0", { id: "sms" })),
      "[archive_same_version] plug sms is at 1.0.0 here already",
    );
  });

  it("uploads left unconfirmed for over a day are pruned; newer ones wait", async () => {
    const incoming = join(site.siteDir, "staged/incoming");
    await writeFile(join(incoming, "0123456789abcdef0123456789abcdef.tgz"), "old");
    await writeFile(join(incoming, "fedcba9876543210fedcba9876543210.tgz"), "new");
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(join(incoming, "0123456789abcdef0123456789abcdef.tgz"), twoDaysAgo, twoDaysAgo);
    const run = await site.care(["stage", await site.pack(plug("@fixtures/notes", "1.0.3", { id: "notes" })), "-d", "site", "--yes"]);
    expect(run.code, run.output).toBe(0);
    expect(await site.incoming()).toEqual(["fedcba9876543210fedcba9876543210.tgz"]);
  });
});
