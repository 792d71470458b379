import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care, copyWorkspace, install, run } from "./temp-workspace.js";

/**
 * `care plug add` through the CLI in a copy of the workspace: the review comes before any of the
 * plug's code runs, nothing is added unconfirmed, a package cannot be a second plug, a refused add
 * leaves pnpm-lock.yaml and node_modules as they were, an upgrade shows what its declaration
 * changed, and a source change needs saying so.
 */
describe("care plug add: review before code runs, identity, and a refused add changing nothing", () => {
  let workspace: string;
  let marker: string;
  const path = (relative: string) => join(workspace, relative);
  const file = (relative: string) => readFile(path(relative), "utf8");
  const withMarker = { REVIEW_MARKER: "" };

  /** plug.config.ts, package.json, pnpm-lock.yaml (bytes) and the names under node_modules. */
  const installState = async () => ({
    config: await file("apps/ward/plug.config.ts"),
    packageJson: await file("apps/ward/package.json"),
    lockfile: await file("pnpm-lock.yaml"),
    deploymentModules: await names(path("apps/ward/node_modules")),
    virtualStore: (await readdir(path("node_modules/.pnpm"))).sort(),
  });

  /** Rewrites plugs/vitals/package.json's version and care.plug fields, builds it, and packs it into `outDir`. */
  const packVitals = async (outDir: string, changes: { version?: string; hooks: string[]; hosts: string[] }) => {
    const manifest = JSON.parse(await file("plugs/vitals/package.json"));
    if (changes.version) manifest.version = changes.version;
    Object.assign(manifest.care.plug, { hooks: changes.hooks, hosts: changes.hosts });
    await writeFile(path("plugs/vitals/package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const built = await run(workspace, ["exec", "turbo", "run", "build", "--output-logs=errors-only", "--filter", "@care-plugs/vitals..."]);
    expect(built.code, built.output).toBe(0);
    const packed = await care(workspace, ["pack", "plugs/vitals", "--out-dir", outDir]);
    expect(packed.code, packed.output).toBe(0);
    return `./${outDir}/care-plugs-vitals-${manifest.version}.tgz`;
  };

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-add-review-"));
    marker = join(workspace, "ran.txt");
    withMarker.REVIEW_MARKER = marker;
    await copyWorkspace(workspace, { plugs: ["hello"] });
    expect((await care(workspace, ["deployment", "new", "ward"])).code).toBe(0);
    expect((await care(workspace, ["plug", "new", "vitals"])).code).toBe(0);
    // The plug's module code and its install hook leave a mark when they run.
    const index = path("plugs/vitals/src/index.ts");
    const source = await readFile(index, "utf8");
    await writeFile(
      index,
      `import { appendFileSync } from "node:fs";\nif (process.env.REVIEW_MARKER) appendFileSync(process.env.REVIEW_MARKER, ` +
        `"module\\n");\n` +
        source.replace(
          ".define({",
          ".define({\n  hooks: { install: () => void (process.env.REVIEW_MARKER && appendFileSync(process.env.REVIEW_MARKER, " +
            '"install\\n")) },',
        ),
    );
    // Not about signing: this site accepts unsigned workspace and archive plugs.
    const config = path("apps/ward/plug.config.ts");
    await writeFile(
      config,
      (await readFile(config, "utf8")).replace("plugs: [],", 'trust: { unsigned: ["workspace", "file"] },\n  plugs: [],'),
    );
    await install(workspace);
    const hello = await care(workspace, ["plug", "add", "@care-plugs/hello", "-d", "ward", "--yes"]);
    expect(hello.code, hello.output).toBe(0);
  }, 600_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("shows what the plug declares and, without --yes and without a terminal, refuses: nothing changed, none of its code ran", async () => {
    const archive = await packVitals("vendor", { hooks: ["install"], hosts: ["sms.example.org"] });
    const before = await installState();
    const refused = await care(workspace, ["plug", "add", archive, "-d", "ward"], 300_000, withMarker);
    expect(refused.code, refused.output).toBe(1);
    for (const line of [
      /id\s+vitals\n/,
      /package\s+@care-plugs\/vitals@0\.1\.0\n/,
      /signature\s+unsigned \(this deployment's trust policy accepts unsigned file plugs\)/,
      /core\s+>=0\.1\.0 <1\.0\.0\n/,
      /needs plugs\s+none\n/,
      /hooks\s+install\n/,
      /reads core\s+patients\(id\), facilities\(id\)\n/,
      /calls hosts\s+sms\.example\.org\n/,
    ]) {
      expect(refused.output).toMatch(line);
    }
    expect(refused.output).toContain("care: [confirmation_needed] add plug vitals (@care-plugs/vitals@0.1.0) to ward needs a confirmation");
    expect(refused.output).toContain("--yes");
    expect(refused.output).not.toMatch(/\n\s+at /);
    expect(existsSync(marker)).toBe(false);
    expect(await installState()).toEqual(before);
  }, 300_000);

  it("refuses an archive of a package that is already another plug of the deployment (the name hijack), changing nothing", async () => {
    const packed = await care(workspace, ["pack", "plugs/hello", "--out-dir", "hijack"]);
    expect(packed.code, packed.output).toBe(0);
    const before = await installState();
    const refused = await care(
      workspace,
      ["plug", "add", "./hijack/care-plugs-hello-0.1.0.tgz", "-d", "ward", "--id", "hello_two", "--yes"],
      300_000,
      withMarker,
    );
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain(
      "care: [plug_package_taken] plugs hello and hello_two of deployment ward are both the package @care-plugs/hello",
    );
    expect(refused.output).not.toMatch(/\n\s+at /);
    expect(await installState()).toEqual(before);
  }, 300_000);

  it("an add refused after installing (an undeclared hook) leaves pnpm-lock.yaml and node_modules as they were", async () => {
    const archive = await packVitals("undeclared", { hooks: [], hosts: [] });
    const before = await installState();
    const refused = await care(workspace, ["plug", "add", archive, "-d", "ward", "--yes"], 300_000, withMarker);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/has hook\(s\) install that its package\.json does not declare/);
    expect(refused.output).toContain("pnpm-lock.yaml and node_modules are as they were");
    expect(refused.output).not.toMatch(/\n\s+at /);
    expect(await installState()).toEqual(before);
    // Its install hook never ran (the checks refused it first).
    expect(existsSync(marker) ? await readFile(marker, "utf8") : "").not.toContain("install");
    await rm(marker, { force: true });
  }, 300_000);

  it("after confirmation, adds it: only then does its code run, and the lock line records its digest", async () => {
    const added = await care(
      workspace,
      ["plug", "add", "./vendor/care-plugs-vitals-0.1.0.tgz", "-d", "ward", "--yes"],
      300_000,
      withMarker,
    );
    expect(added.code, added.output).toBe(0);
    expect(added.output.indexOf("calls hosts")).toBeLessThan(added.output.indexOf("installing with pnpm"));
    expect((await readFile(marker, "utf8")).split("\n")).toEqual(expect.arrayContaining(["module", "install"]));
    const lock = JSON.parse(await file("apps/ward/plugs.lock.json")).plugs;
    expect(lock.find((line: { id: string }) => line.id === "vitals")).toMatchObject({
      source: "file",
      plugId: "vitals",
      digest: expect.stringMatching(/^sha256-[0-9a-f]{64}$/),
    });
    expect(lock.find((line: { id: string }) => line.id === "vitals").signedBy).toBeUndefined();
  }, 300_000);

  it("an upgrade prints what the new version's declaration changed", async () => {
    const archive = await packVitals("vendor", { version: "0.2.0", hooks: ["install"], hosts: ["sms.example.org", "lab.example.org"] });
    const config = path("apps/ward/plug.config.ts");
    await writeFile(config, (await readFile(config, "utf8")).replace("care-plugs-vitals-0.1.0.tgz", archive.replace("./vendor/", "")));
    const synced = await care(workspace, ["sync", "-d", "ward"], 300_000, withMarker);
    expect(synced.code, synced.output).toBe(0);
    expect(synced.output).toContain("upgrade of plug vitals: @care-plugs/vitals 0.1.0 → 0.2.0; its declaration changed:");
    expect(synced.output).toMatch(/calls hosts\s+\+ lab\.example\.org\n/);
    expect(synced.output).not.toMatch(/upgrade of plug hello/);
  }, 300_000);

  it("refuses a plug id whose source changed since the last sync, unless --allow-source-change names it", async () => {
    const config = path("apps/ward/plug.config.ts");
    await writeFile(
      config,
      (await readFile(config, "utf8")).replace(/package: "file:[^"]*care-plugs-vitals-0\.2\.0\.tgz"/, 'package: "@care-plugs/vitals"'),
    );
    const packageJson = await file("apps/ward/package.json");
    const refused = await care(workspace, ["sync", "-d", "ward"]);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain(
      "care: [plug_source_changed] plug vitals of ward was @care-plugs/vitals from file (plugs.lock.json), and plug.config.ts now makes " +
        "it @care-plugs/vitals from workspace",
    );
    expect(refused.output).toContain("pnpm care sync -d ward --allow-source-change vitals");
    expect(await file("apps/ward/package.json")).toBe(packageJson);

    const allowed = await care(workspace, ["sync", "-d", "ward", "--allow-source-change", "vitals"]);
    expect(allowed.code, allowed.output).toBe(0);
    expect(JSON.parse(await file("apps/ward/plugs.lock.json")).plugs.find((line: { id: string }) => line.id === "vitals")).toMatchObject({
      source: "workspace",
    });
  }, 300_000);

  it("refuses a package that now calls itself another plug than the lock recorded for that id, unless said so", async () => {
    const manifestPath = path("plugs/vitals/package.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.care.plug.id = "pulse";
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const lock = await file("apps/ward/plugs.lock.json");
    const refused = await care(workspace, ["sync", "-d", "ward"]);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain(
      'care: [plug_identity_changed] plug vitals of ward was the plug "vitals" of @care-plugs/vitals (plugs.lock.json), and the package ' +
        'installed for it now calls itself "pulse"',
    );
    expect(await file("apps/ward/plugs.lock.json")).toBe(lock);

    const allowed = await care(workspace, ["sync", "-d", "ward", "--allow-source-change", "vitals"]);
    expect(allowed.code, allowed.output).toBe(0);
    expect(JSON.parse(await file("apps/ward/plugs.lock.json")).plugs.find((line: { id: string }) => line.id === "vitals")).toMatchObject({
      plugId: "pulse",
    });
  }, 300_000);
});

/** Package names in a node_modules folder (scoped ones as @scope/name), sorted. */
async function names(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (entry.startsWith("@")) for (const inner of await readdir(join(dir, entry))) found.push(`${entry}/${inner}`);
    else found.push(entry);
  }
  return found.sort();
}
