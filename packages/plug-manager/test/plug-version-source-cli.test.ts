import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care, copyWorkspace, install } from "./temp-workspace.js";

/**
 * A plug entry's `version` decides what pnpm installs, so it must name the source the review and
 * the trust policy assume (workspace, registry range, git tag); and what gets installed must be
 * what the review showed. Through the CLI in a copy of the workspace, with the default trust
 * policy (unsigned workspace plugs accepted, nothing else).
 */
describe("care plug add / sync / check: a plug's version names its source, and the installed declaration is the reviewed one", () => {
  let workspace: string;
  let marker: string;
  const path = (relative: string) => join(workspace, relative);
  const file = (relative: string) => readFile(path(relative), "utf8");
  const withMarker = { REVIEW_MARKER: "" };
  const state = async () => ({
    config: await file("apps/ward/plug.config.ts"),
    packageJson: await file("apps/ward/package.json"),
    lockfile: await file("pnpm-lock.yaml"),
    plugsLock: existsSync(path("apps/ward/plugs.lock.json")) ? await file("apps/ward/plugs.lock.json") : undefined,
  });

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-version-source-"));
    marker = join(workspace, "ran.txt");
    withMarker.REVIEW_MARKER = marker;
    await copyWorkspace(workspace, { plugs: ["hello"] });
    expect((await care(workspace, ["deployment", "new", "ward"])).code).toBe(0);
    // Another package under the workspace plug's name, whose code leaves a mark when imported.
    const hello = JSON.parse(await file("plugs/hello/package.json"));
    await mkdir(path("evil"));
    await writeFile(
      path("evil/package.json"),
      JSON.stringify({ name: hello.name, version: hello.version, type: "module", main: "index.js", care: hello.care }),
    );
    await writeFile(
      path("evil/index.js"),
      'import { appendFileSync } from "node:fs";\nappendFileSync(process.env.REVIEW_MARKER, "evil\\n");\nexport default {};\n',
    );
    await install(workspace);
  }, 600_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("care plug add refuses a version naming another source (file:, link:, npm:, URL, workspace:) before review", async () => {
    const before = await state();
    for (const spec of [
      "@care-plugs/hello@file:../../evil",
      "@care-plugs/hello@link:../../evil",
      "@care-plugs/hello@npm:left-pad@1",
      "@care-plugs/hello@^0.1.0",
      "@care-plugs/lab@npm:evil@1",
      "@care-plugs/lab@https://example.org/download?lab",
      "@care-plugs/lab@workspace:^",
      "@care-plugs/lab@../../evil",
    ]) {
      const refused = await care(workspace, ["plug", "add", spec, "-d", "ward", "--yes"], 300_000, withMarker);
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output, spec).toMatch(/care: \[plug_version_not_allowed\] .* is not allowed: /);
      expect(refused.output, spec).not.toContain("plug to add");
      expect(refused.output, spec).not.toContain("installing with pnpm");
      expect(refused.output, spec).not.toMatch(/\n\s+at /);
    }
    const fileRefusal = await care(
      workspace,
      ["plug", "add", "@care-plugs/hello@file:../../evil", "-d", "ward", "--yes"],
      300_000,
      withMarker,
    );
    expect(fileRefusal.output).toContain('leave the version out (it installs workspace:^) or write "workspace:<range>"');
    expect(fileRefusal.output).toContain('package: "file:./vendor/x.tgz"');
    expect(existsSync(marker)).toBe(false);
    expect(await state()).toEqual(before);
  }, 600_000);

  it("care sync and care check refuse them written by hand in plug.config.ts: nothing changed, installed or run", async () => {
    const config = path("apps/ward/plug.config.ts");
    const original = await file("apps/ward/plug.config.ts");
    for (const entry of [
      'plug({ name: "hello", package: "@care-plugs/hello", version: "file:../../evil" })',
      'plug({ name: "lab", package: "@care-plugs/lab", version: "https://example.org/lab-1.0.0.tgz" })',
    ]) {
      await writeFile(
        config,
        original.replace("plugs: [],", `plugs: [${entry}],`).replace(/^/, 'import { plug } from "@care/plug-manager";\n'),
      );
      const before = await state();
      const synced = await care(workspace, ["sync", "-d", "ward"], 300_000, withMarker);
      expect(synced.code, synced.output).toBe(1);
      expect(synced.output).toMatch(
        /care: \[plug_version_not_allowed\] plug (hello|lab): version "[^"]+" of @care-plugs\/(hello|lab) is not allowed/,
      );
      expect(synced.output).not.toContain("installing with pnpm");
      expect(await state()).toEqual(before);
      const checked = await care(workspace, ["check", "-d", "ward"]);
      expect(checked.code, checked.output).toBe(1);
      expect(checked.output).toMatch(/plug (hello|lab): version "[^"]+" of @care-plugs\/(hello|lab) is not allowed/);
    }
    expect(existsSync(marker)).toBe(false);
    await writeFile(config, original);
  }, 600_000);

  it("a workspace range is still accepted, and locked as a workspace plug", async () => {
    const added = await care(workspace, ["plug", "add", "@care-plugs/hello@workspace:^", "-d", "ward", "--yes"]);
    expect(added.code, added.output).toBe(0);
    expect(await file("apps/ward/plug.config.ts")).toMatch(/package: "@care-plugs\/hello",\s*version: "workspace:\^"/);
    expect(JSON.parse(await file("apps/ward/plugs.lock.json")).plugs).toEqual([
      expect.objectContaining({ id: "hello", source: "workspace" }),
    ]);
  }, 300_000);

  it("refuses, before importing it, a plug whose installed declaration differs from the review's, changing nothing", async () => {
    expect((await care(workspace, ["plug", "new", "vitals"])).code).toBe(0);
    const index = path("plugs/vitals/src/index.ts");
    await writeFile(
      index,
      `import { appendFileSync } from "node:fs";\nappendFileSync(process.env.REVIEW_MARKER!, ` +
        `"vitals\\n");\n${await readFile(index, "utf8")}`,
    );
    // Its build declares one more host after the review read package.json (as a re-published tarball would).
    const manifestPath = path("plugs/vitals/package.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.scripts.build =
      `${manifest.scripts.build} && node -e "const f='package.json',p=JSON.parse(require('fs').readFileSync(f));` +
      `p.care.plug.hosts=['exfil.example.org'];require('fs').writeFileSync(f,JSON.stringify(p))"`;
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    await install(workspace);
    const before = await state();
    const refused = await care(workspace, ["plug", "add", "@care-plugs/vitals", "-d", "ward", "--yes"], 300_000, withMarker);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/calls hosts\s+none\n/);
    expect(refused.output).toContain("care: [plug_declaration_changed]");
    expect(refused.output).toMatch(
      new RegExp(
        /plug vitals: the installed @care-plugs\/vitals@0\.1\.0 is not what the review showed/.source +
          / \(@care-plugs\/vitals@0\.1\.0\): care\.plug\.hosts differ/.source,
      ),
    );
    expect(refused.output).toContain("pnpm-lock.yaml and node_modules are as they were");
    expect(refused.output).not.toMatch(/\n\s+at /);
    expect(existsSync(marker)).toBe(false);
    expect(await state()).toEqual(before);
  }, 600_000);
});
