import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLinkedWorkspace, runCare } from "./cli-linked-workspace.js";

const items = "create table items (\n  id uuid primary key,\n  label text not null default ''\n);\n";
const addColor = "alter table items add column color text;\n";

/**
 * `care check --json` prints one JSON document, and its migration checks are cached between runs
 * by content: a warm cache still sees a migration file that changed since.
 */
describe("care check --json and its cache", () => {
  let root: string;
  const cacheDir = () => join(root, "node_modules/.cache/care/migration-checks");
  const check = async () => {
    const run = await runCare(root, ["check", "-d", "site", "--json"]);
    return { ...run, report: JSON.parse(run.stdout) as CheckJson };
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "care-cli-check-"));
    await createLinkedWorkspace(root, "site", [
      { id: "alpha", version: "0.1.0", migrations: { "install.sql": items } },
      // Released as 1.0.0, then one step: install.sql must build what the baseline plus the step builds.
      {
        id: "beta",
        version: "1.1.0",
        migrations: {
          "baseline/1.0.0.sql": items,
          "upgrade/1.0.0_1.1.0.sql": addColor,
          "install.sql": items.replace("''\n", "'',\n  color text\n"),
        },
      },
    ]);
    const types = await runCare(root, ["plug", "types", "plugs/alpha", "plugs/beta"]);
    expect(types.code, types.stderr).toBe(0);
  }, 300_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("prints one JSON document with each deployment's result, and exit 0 when there is no problem", async () => {
    const { code, report, stderr } = await check();
    expect(code, stderr).toBe(0);
    expect(report).toEqual({ ok: true, deployments: [{ deployment: "site", ok: true, problems: [], notes: [] }] });
    expect((await readdir(cacheDir())).filter((file) => file.endsWith(".json"))).toHaveLength(2);
  }, 300_000);

  it("catches a changed migration file on the next run, with the cache warm, and its fix too", async () => {
    const step = join(root, "plugs/beta/migrations/upgrade/1.0.0_1.1.0.sql");
    const warm = await check();
    expect(warm.report.ok, warm.stderr).toBe(true);

    await writeFile(step, "alter table items add column colour text;\n");
    const changed = await check();
    expect(changed.code).toBe(1);
    expect(changed.report.ok).toBe(false);
    expect(changed.report.deployments[0]!.problems).toEqual([
      expect.objectContaining({ code: "plug_install_drift", plug: "beta", message: expect.stringMatching(/colou?r/) }),
    ]);
    expect(changed.stderr).toMatch(/1 problem\(s\) found/);

    await writeFile(step, addColor);
    const fixed = await check();
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.report.ok).toBe(true);
  }, 300_000);

  it("sees a plug's changed build output and its changed install.sql after a warm run, and their fixes", async () => {
    const code = join(root, "plugs/alpha/dist/index.js");
    const install = join(root, "plugs/alpha/migrations/install.sql");
    const [codeBefore, installBefore] = [await readFile(code, "utf8"), await readFile(install, "utf8")];
    expect((await check()).report.ok).toBe(true);
    try {
      // The code now declares another version than its package.json: a rebuilt dist that was not reviewed.
      await writeFile(code, codeBefore.replace('"version":"0.1.0"', '"version":"0.1.1"'));
      expect((await check()).report.deployments[0]!.problems).toEqual([
        expect.objectContaining({ code: "plug_not_loadable", message: expect.stringMatching(/plug alpha: .*another name, version/) }),
      ]);
      await writeFile(code, codeBefore);
      await writeFile(install, `${installBefore}create table tags (id uuid primary key);\n`);
      expect((await check()).report.deployments[0]!.problems).toEqual([
        expect.objectContaining({ code: "plug_tables_stale", plug: "alpha" }),
      ]);
    } finally {
      await writeFile(code, codeBefore);
      await writeFile(install, installBefore);
    }
    expect((await check()).report.ok).toBe(true);
  }, 300_000);

  it("flags a stale plug-configs.generated.ts as it flags a stale plugs.generated.ts, with the sync that rewrites them", async () => {
    const types = join(root, "apps/site/src/plug-configs.generated.ts");
    const manifest = join(root, "apps/site/src/plugs.generated.ts");
    const [typesBefore, manifestBefore] = [await readFile(types, "utf8"), await readFile(manifest, "utf8")];
    try {
      await writeFile(types, typesBefore.replace(/^.*"@cli-test\/beta".*\n/m, ""));
      await writeFile(manifest, manifestBefore.replace('id: "beta"', 'id: "gamma"'));
      const { code, report } = await check();
      expect(code).toBe(1);
      const hint = "regenerate it: pnpm care sync -d site";
      expect(report.deployments[0]!.problems).toEqual([
        { code: "manifest_stale", plug: null, message: expect.stringContaining("apps/site/src/plugs.generated.ts is not"), hint },
        { code: "plug_config_types_stale", plug: null, message: expect.stringContaining("src/plug-configs.generated.ts is not"), hint },
      ]);
    } finally {
      await writeFile(types, typesBefore);
      await writeFile(manifest, manifestBefore);
    }
  }, 300_000);

  it("lists a problem with its code and plug, and the same exit code as without --json", async () => {
    const install = join(root, "plugs/alpha/migrations/install.sql");
    const before = await readFile(install, "utf8");
    await rm(install);
    try {
      const json = await check();
      const text = await runCare(root, ["check", "-d", "site"]);
      expect(json.code).toBe(1);
      expect(text.code).toBe(1);
      const problem = json.report.deployments[0]!.problems[0]!;
      expect(problem).toMatchObject({ plug: "alpha" });
      expect(problem.code).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(text.stdout).toContain(`[${problem.code}]`);
    } finally {
      await writeFile(install, before);
    }
  }, 300_000);
});

interface CheckJson {
  ok: boolean;
  deployments: {
    deployment: string;
    ok: boolean;
    problems: { code: string; plug: string | null; message: string; hint: string | null }[];
    notes: unknown[];
  }[];
}
