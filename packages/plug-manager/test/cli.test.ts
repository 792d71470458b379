import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extract } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canCutNetwork, startBundleOffline } from "@care/test-support";
import { care, childEnv, cliPath, copyWorkspace, install } from "./temp-workspace.js";

/**
 * A new user's path with only the CLI, in a copy of the workspace: new deployment → new plug →
 * add it → check → migrate → status; and the mistakes along the way change nothing.
 */
describe("the care CLI in a fresh workspace", () => {
  let workspace: string;
  const file = (path: string) => readFile(join(workspace, path), "utf8");
  /** Not about signing: the deployment accepts unsigned plugs from these sources too. */
  const acceptUnsigned = async (deployment: string, sources: string[]) => {
    const config = join(workspace, `apps/${deployment}/plug.config.ts`);
    const trust = JSON.stringify(["workspace", ...sources]);
    await writeFile(config, (await readFile(config, "utf8")).replace("plugs: [],", `trust: { unsigned: ${trust} },\n  plugs: [],`));
  };
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-cli-workspace-"));
    await copyWorkspace(workspace);
    const created = await care(workspace, ["deployment", "new", "district"]);
    expect(created.code, created.output).toBe(0);
    const plug = await care(workspace, ["plug", "new", "vitals"]);
    expect(plug.code, plug.output).toBe(0);
    await install(workspace);
  }, 300_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("adds a plug to a deployment, keeping plug.config.ts as written, then checks, migrates and reports status", async () => {
    const before = await file("apps/district/plug.config.ts");
    // An install hook, as a plug that downloads reference data at build time would have.
    const index = join(workspace, "plugs/vitals/src/index.ts");
    await writeFile(
      index,
      (await readFile(index, "utf8")).replace(
        ".define({",
        '.define({\n  hooks: { install: ({ logger }) => logger.info("fetched the vitals catalogue") },',
      ),
    );
    // Declared in its package.json, so that the review shows it and the checks let it run.
    const manifestPath = join(workspace, "plugs/vitals/package.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.care.plug.hooks = ["install"];
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const added = await care(workspace, ["plug", "add", "@care-plugs/vitals", "-d", "district", "--yes"]);
    expect(added.code, added.output).toBe(0);
    expect(added.output).toContain("running the install hook of vitals");
    expect(added.output).toContain("  vitals │ fetched the vitals catalogue");
    const config = await file("apps/district/plug.config.ts");
    expect(config).toMatch(/plug\(\{\s*name: "vitals",\s*package: "@care-plugs\/vitals"/);
    // Everything the author wrote (comments included) is still there.
    for (const line of before.split("\n").filter((text) => text.trim().startsWith("//"))) expect(config).toContain(line);
    expect(JSON.parse(await file("apps/district/package.json")).dependencies["@care-plugs/vitals"]).toBe("workspace:^");
    expect(await file("apps/district/src/plugs.generated.ts")).toContain('import plug0 from "@care-plugs/vitals";');
    expect(JSON.parse(await file("apps/district/plugs.lock.json")).plugs).toEqual([
      {
        id: "vitals",
        package: "@care-plugs/vitals",
        version: "0.1.0",
        source: "workspace",
        integrity: expect.stringMatching(/^sha512-/),
        digest: expect.stringMatching(/^sha256-[0-9a-f]{64}$/),
        plugId: "vitals",
      },
    ]);

    const checked = await care(workspace, ["check", "-d", "district"]);
    expect(checked.code, checked.output).toBe(0);
    expect(checked.output).toContain("✓ no problems");
    // This copy is no git checkout, as many a site's folder is not: with nothing changed, nothing is rebuilt.
    const synced = await care(workspace, ["sync", "-d", "district"]);
    expect(synced.code, synced.output).toBe(0);
    expect(synced.output).toMatch(/Cached:\s+(\d+) cached, \1 total/);

    const migrated = await care(workspace, ["migrate", "-d", "district"]);
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toContain("plug vitals: installed 0.1.0 (ran install.sql)");
    const status = await care(workspace, ["status", "-d", "district"]);
    expect(status.output).toMatch(/vitals\s+@care-plugs\/vitals\s+installed 0\.1\.0\s+bundled 0\.1\.0\s+nothing pending/);
  }, 600_000);

  it.skipIf(!canCutNetwork)(
    "syncs again with the network cut off, from the lockfile and pnpm's store, then bundles, and the unpacked bundle serves the new " +
      "plug's route offline",
    async () => {
      const offline = spawnSync(
        "unshare",
        ["-n", "sh", "-c", `ip link set lo up && exec "${process.execPath}" "${cliPath}" sync -d district`],
        {
          cwd: workspace,
          encoding: "utf8",
          env: { ...childEnv(), DATABASE_URL: "", CARE_DATA_DIR: "" },
          timeout: 300_000,
        },
      );
      expect(offline.status, offline.stdout + offline.stderr).toBe(0);
      expect(offline.stdout).toContain("wrote");

      const bundled = await care(workspace, ["bundle", "-d", "district"]);
      expect(bundled.code, bundled.output).toBe(0);
      const notes = "/api/plugs/vitals/patients/00000000-0000-7000-8000-000000000000/notes";
      const started = await startBundleOffline(join(workspace, "apps/district/bundle/district.tgz"), "district", [notes]);
      await rm(started.site, { recursive: true, force: true });
      expect(
        started.health?.plugs.map((plug) => plug.id),
        started.output,
      ).toEqual(["vitals"]);
      // The plug's own route answered (the patient is unknown), not the router's "no route".
      expect(started.routes[notes], started.output).toMatchObject({ status: 404, body: expect.stringMatching(/patient/i) });
      expect(started.outside).toBe("unreachable");
    },
    600_000,
  );

  it.skipIf(!canCutNetwork)(
    "bundles what plug.config.ts declares: one config value changed, and nothing else, reaches the started bundle",
    async () => {
      const configPath = join(workspace, "apps/district/plug.config.ts");
      const notes = "/api/plugs/vitals/patients/:patientId/notes";
      const bundleAndAsk = async () => {
        const bundled = await care(workspace, ["bundle", "-d", "district"]);
        expect(bundled.code, bundled.output).toBe(0);
        const started = await startBundleOffline(join(workspace, "apps/district/bundle/district.tgz"), "district", [notes], {
          patient: true,
        });
        await rm(started.site, { recursive: true, force: true });
        expect(started.routes[notes]?.status, started.output).toBe(200);
        return (JSON.parse(started.routes[notes]!.body) as { items: Array<{ note: string }> }).items.map((item) => item.note);
      };
      const written = await readFile(configPath, "utf8");
      await writeFile(configPath, written.replace(/package: "@care-plugs\/vitals"/, '$&, configs: { notePrefix: "Checked in" }'));
      expect(await bundleAndAsk()).toEqual(["Checked in: Ada Offline"]);

      await writeFile(configPath, (await readFile(configPath, "utf8")).replace('"Checked in"', '"Welcomed"'));
      expect(await bundleAndAsk()).toEqual(["Welcomed: Ada Offline"]);
    },
    600_000,
  );

  it("packs a plug into an archive with its checksum, verifies it, and refuses it once tampered with", async () => {
    const packed = await care(workspace, ["pack", "plugs/vitals", "--out-dir", "archives"]);
    expect(packed.code, packed.output).toBe(0);
    expect(packed.output).toContain("packed @care-plugs/vitals@0.1.0 (plug vitals)");
    const archive = join(workspace, "archives/care-plugs-vitals-0.1.0.tgz");
    const verified = await care(workspace, ["verify", archive]);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toMatch(/✓ @care-plugs\/vitals@0\.1\.0 \(plug vitals\)/);

    const bytes = await readFile(archive);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    await writeFile(archive, bytes);
    const refused = await care(workspace, ["verify", archive]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/checksum/i);
    expect(refused.output).not.toMatch(/\n\s+at /);
  }, 300_000);

  it("installs a plug from a local archive, as an air-gapped site would, after verifying it", async () => {
    expect((await care(workspace, ["deployment", "new", "island"])).code).toBe(0);
    await acceptUnsigned("island", ["file"]);
    const packed = await care(workspace, ["pack", "plugs/vitals", "--out-dir", "vendor"]);
    expect(packed.code, packed.output).toBe(0);
    const added = await care(workspace, ["plug", "add", "./vendor/care-plugs-vitals-0.1.0.tgz", "-d", "island", "--yes"]);
    expect(added.code, added.output).toBe(0);
    expect(await file("apps/island/plug.config.ts")).toContain('package: "file:./../../vendor/care-plugs-vitals-0.1.0.tgz"');
    expect(JSON.parse(await file("apps/island/package.json")).dependencies["@care-plugs/vitals"]).toBe(
      "file:../../vendor/care-plugs-vitals-0.1.0.tgz",
    );
    expect(JSON.parse(await file("apps/island/plugs.lock.json")).plugs[0]).toMatchObject({
      id: "vitals",
      source: "file",
      integrity: expect.stringMatching(/^sha512-/),
    });
    const checked = await care(workspace, ["check", "-d", "island"]);
    expect(checked.code, checked.output).toBe(0);

    // The archive changed since its checksum was written: refused before anything is installed.
    const before = await file("apps/island/plug.config.ts");
    const tampered = await care(workspace, [
      "plug",
      "add",
      "./archives/care-plugs-vitals-0.1.0.tgz",
      "-d",
      "island",
      "--id",
      "vitals_two",
      "--yes",
    ]);
    expect(tampered.code).toBe(1);
    expect(tampered.output).toMatch(/checksum/i);
    expect(await file("apps/island/plug.config.ts")).toBe(before);
  }, 600_000);

  it("installs a plug from a git repository at a tag, recording the commit it resolved to", async () => {
    // A plug's repository whose release tag holds the built package, as `care pack` lays it out.
    const packed = await care(workspace, ["pack", "plugs/vitals", "--out-dir", "git-release"]);
    expect(packed.code, packed.output).toBe(0);
    const repo = join(workspace, "git-release/vitals-repo");
    await mkdir(repo, { recursive: true });
    await extract({ file: join(workspace, "git-release/care-plugs-vitals-0.1.0.tgz"), cwd: repo, strip: 1 });
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=Release", "-c", "user.email=release@example.org", ...args], { cwd: repo, encoding: "utf8" });
    git("init", "--quiet");
    git("add", ".");
    git("commit", "--quiet", "-m", "vitals 0.1.0");
    git("tag", "v0.1.0");
    const commit = git("rev-parse", "HEAD").trim();
    expect((await care(workspace, ["deployment", "new", "harbour"])).code).toBe(0);
    await acceptUnsigned("harbour", ["git"]);
    const config = await file("apps/harbour/plug.config.ts");
    const packageJson = await file("apps/harbour/package.json");
    const branch = git("rev-parse", "--abbrev-ref", "HEAD").trim();
    const written = join(workspace, "git-release", "written");

    for (const [spec, message] of [
      [`git+file://${repo}#${branch}`, new RegExp(`has no tag "${branch}"`)],
      [`git+file://${repo}#--output=${written}`, /"--output=.*" is not a tag name/],
      ["git+https://release:s3cret@git.example.org/vitals.git#v0.1.0", /carries credentials/],
      [`git+file://${repo}`, /names no tag[\s\S]*#v1\.0\.0/],
      [`git+file://${repo}#v9.9.9`, /has no tag "v9\.9\.9"[\s\S]*its tags: v0\.1\.0/],
      [`git+file://${workspace}/no-such-repo#v0.1.0`, /cannot read the git repository/],
    ] as const) {
      const refused = await care(workspace, ["plug", "add", spec, "-d", "harbour", "--yes"]);
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toMatch(message);
      expect(refused.output).not.toMatch(/\n\s+at /);
      expect(await file("apps/harbour/plug.config.ts")).toBe(config);
      expect(await file("apps/harbour/package.json")).toBe(packageJson);
    }
    expect(existsSync(`${written}:package.json`)).toBe(false);

    const added = await care(workspace, ["plug", "add", `git+file://${repo}#v0.1.0`, "-d", "harbour", "--yes"]);
    expect(added.code, added.output).toBe(0);
    const configWritten = await file("apps/harbour/plug.config.ts");
    expect(configWritten).toContain('package: "@care-plugs/vitals",');
    expect(configWritten).toContain(`version: "git+file://${repo}#v0.1.0"`);
    expect(JSON.parse(await file("apps/harbour/plugs.lock.json")).plugs).toEqual([
      {
        id: "vitals",
        package: "@care-plugs/vitals",
        version: "0.1.0",
        source: "git",
        integrity: `git-${commit}`,
        digest: expect.stringMatching(/^sha256-/),
        plugId: "vitals",
      },
    ]);
    const checked = await care(workspace, ["check", "-d", "harbour"]);
    expect(checked.code, checked.output).toBe(0);
  }, 600_000);

  it("refuses mistakes with what, where and what to do, and changes nothing", async () => {
    const config = await file("apps/district/plug.config.ts");
    const cases: Array<[string[], RegExp]> = [
      [["plug", "add", "@care-plugs/vitals", "-d", "district"], /already has a plug with id "vitals"[\s\S]*--id/],
      [["plug", "add", "vitals!", "-d", "district"], /is not a package name/],
      [["plug", "add", "@care-plugs/vitals", "-d", "nowhere"], /no deployment "nowhere"/],
      [["plug", "new", "Vital-Signs"], /"Vital-Signs" is not a plug id[\s\S]*care plug new vital_signs/],
      [["plug", "new", "vitals"], /already/],
      [["deployment", "new", "District 9"], /is not a deployment name|deployment name/],
      [["check", "-d", "nowhere"], /no deployment "nowhere"/],
      [["migrate"], /required option '-d, --deployment <name>'/],
    ];
    for (const [args, message] of cases) {
      const { code, output } = await care(workspace, args);
      expect(code, `care ${args.join(" ")}\n${output}`).not.toBe(0);
      expect(output).toMatch(message);
      expect(output).not.toMatch(/\n\s+at /);
    }
    expect(await file("apps/district/plug.config.ts")).toBe(config);
  }, 300_000);

  it("versions with changesets and names the plug's next upgrade step after its new version", async () => {
    await mkdir(join(workspace, "plugs/vitals/migrations/upgrade"), { recursive: true });
    await writeFile(
      join(workspace, "plugs/vitals/migrations/upgrade/0.1.0_next.sql"),
      "alter table patient_notes add column reviewed boolean;\n",
    );
    // care version syncs district again (it runs vitals): an install and a build.
    const versioned = await care(workspace, ["version"], 600_000);
    expect(versioned.code, versioned.output).toBe(0);
    expect(versioned.output).toContain("@care-plugs/vitals: upgrade/0.1.0_next.sql → upgrade/0.1.0_1.0.0.sql");
    expect(JSON.parse(await file("plugs/vitals/package.json")).version).toBe("1.0.0");
    expect(await readdir(join(workspace, "plugs/vitals/migrations/upgrade"))).toEqual(["0.1.0_1.0.0.sql"]);
  }, 600_000);
});
