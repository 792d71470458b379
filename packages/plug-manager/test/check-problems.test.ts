import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care, copyWorkspace, install, run } from "./temp-workspace.js";

/**
 * What `care check` and `care start` refuse, through the CLI in a copy of the workspace: each
 * mistake is made, reported (what, where, what to do, no stack trace), and undone; nothing the
 * command touched has changed.
 */
describe("care check and care start refuse a broken deployment", () => {
  let workspace: string;
  const path = (file: string) => join(workspace, file);
  const file = (file: string) => readFile(path(file), "utf8");
  const build = async (plug: string) =>
    expect(
      (await run(workspace, ["exec", "turbo", "run", "build", `--filter=@care-plugs/${plug}`, "--output-logs=errors-only"])).code,
    ).toBe(0);

  /** Makes a change, expects `care <args>` to fail saying `message`, and puts every file back. */
  async function expectRefusal(
    change: Record<string, string | null>,
    args: string[],
    message: RegExp,
    rebuild: string[] = [],
  ): Promise<string> {
    const before = new Map<string, string | null>();
    for (const [target, content] of Object.entries(change)) {
      before.set(target, existsSync(path(target)) ? await file(target) : null);
      if (content === null) await rm(path(target), { force: true });
      else {
        await mkdir(join(path(target), ".."), { recursive: true });
        await writeFile(path(target), content);
      }
    }
    try {
      for (const plug of rebuild) await build(plug);
      const { code, output } = await care(workspace, args);
      expect(code, output).toBe(1);
      expect(output).toMatch(message);
      expect(output).not.toMatch(/\n\s+at /);
      return output;
    } finally {
      for (const [target, content] of before) {
        if (content === null) await rm(path(target), { force: true });
        else await writeFile(path(target), content);
      }
      for (const plug of rebuild) await build(plug);
    }
  }

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-check-problems-"));
    await copyWorkspace(workspace, { plugs: ["hello", "notify"] });
    for (const args of [
      ["deployment", "new", "site"],
      ["plug", "new", "ward"],
    ]) {
      const created = await care(workspace, args);
      expect(created.code, created.output).toBe(0);
    }
    await install(workspace);
    for (const plug of ["hello", "ward", "notify"]) {
      const added = await care(workspace, ["plug", "add", `@care-plugs/${plug}`, "-d", "site", "--yes"]);
      expect(added.code, added.output).toBe(0);
    }
    // Notify runs switched off until a provider is configured, as in the demo.
    const added = (await file("apps/site/plug.config.ts")).replace(
      'package: "@care-plugs/notify"',
      'package: "@care-plugs/notify",\n      configs: { ENABLED: false }',
    );
    await writeFile(path("apps/site/plug.config.ts"), added);
    const checked = await care(workspace, ["check", "-d", "site"]);
    expect(checked.code, checked.output).toBe(0);
  }, 600_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  const config = () => file("apps/site/plug.config.ts");
  const withNotify = async (configs: string) => (await config()).replace("configs: { ENABLED: false }", `configs: ${configs}`);

  it("a plug.config.ts naming a package the deployment does not have, a bad id or a duplicate id", async () => {
    const original = await config();
    const ghost = original.replace("plugs: [", 'plugs: [\n    plug({ name: "ghost", package: "@care-plugs/ghost" }),');
    // The scope is pinned to its registry (this workspace maps none): not looked up anywhere else.
    await expectRefusal(
      { "apps/site/plug.config.ts": ghost },
      ["check", "-d", "site"],
      /\[plug_not_found\] plug ghost: @care-plugs\/ghost is not in this workspace[\s\S]*looked up nowhere else/,
    );
    // A second id for an installed plug's package would replace its code: refused by check too.
    const hijack = original.replace("plugs: [", 'plugs: [\n    plug({ name: "hello_two", package: "@care-plugs/hello" }),');
    await expectRefusal(
      { "apps/site/plug.config.ts": hijack },
      ["check", "-d", "site"],
      /\[plug_package_taken\] plugs hello_two and hello of deployment site are both the package @care-plugs\/hello/,
    );
    const badId = original.replace('name: "ward"', 'name: "Ward-1"');
    await expectRefusal(
      { "apps/site/plug.config.ts": badId },
      ["check", "-d", "site"],
      /plug\.config\.ts has 1 problem\(s\):[\s\S]*plugs\.\d\.name: a plug id is 1-32 lowercase letters/,
    );
    const twice = original.replace('name: "ward"', 'name: "hello"');
    await expectRefusal({ "apps/site/plug.config.ts": twice }, ["check", "-d", "site"], /plug id "hello" is already used by plugs\[0\]/);
    const add = await care(workspace, ["plug", "add", "@care-plugs/hello", "-d", "site", "--id", "Bad-Id"]);
    expect(add.code).toBe(1);
    expect(add.output).toMatch(/"Bad-Id" is not a plug id[\s\S]*--id/);
    expect(await config()).toBe(original);
  }, 300_000);

  it("generated files that care sync would write otherwise, with a fix command that works when pasted", async () => {
    const types = "apps/site/src/plug-configs.generated.ts";
    const manifest = "apps/site/src/plugs.generated.ts";
    const [typesBefore, manifestBefore] = [await file(types), await file(manifest)];
    await expectRefusal({ [manifest]: null }, ["check", "-d", "site"], /\[manifest_stale\] apps\/site\/src\/plugs\.generated\.ts is not/);
    // One plug's config type missing: tsc would no longer check that plug's configs.
    const stale = typesBefore.replace(/^.*"@care-plugs\/notify".*\n/m, "");
    expect(stale).not.toBe(typesBefore);
    await writeFile(path(types), stale);
    const { code, output } = await care(workspace, ["check", "-d", "site"]);
    expect(code, output).toBe(1);
    expect(output).toMatch(/\[plug_config_types_stale\] apps\/site\/src\/plug-configs\.generated\.ts is not what `care sync` writes/);
    const fix = /regenerate it: (pnpm care sync -d site)\n/.exec(output)?.[1];
    expect(fix, output).toBeDefined();
    const fixed = await run(workspace, fix!.split(" ").slice(1), 600_000);
    expect(fixed.code, fixed.output).toBe(0);
    expect(await file(types)).toBe(typesBefore);
    expect(await file(manifest)).toBe(manifestBefore);
    const checked = await care(workspace, ["check", "-d", "site"]);
    expect(checked.code, checked.output).toBe(0);
  }, 900_000);

  it("a missing required config value, and a secret whose variable is absent at start", async () => {
    await expectRefusal(
      { "apps/site/plug.config.ts": await withNotify("{ ENABLED: true }") },
      ["check", "-d", "site"],
      /plug notify: config SERVICE_URL: .*required/i,
    );

    // A secret from the environment: check only notes its absence (CI has no production secrets) …
    const secretConfig = await withNotify(
      '{ ENABLED: true, SERVICE_URL: "https://sms.example.org/send", SERVICE_API_KEY: env("NOTIFY_API_KEY") }',
    );
    const withEnvImport = `import { env } from "@care/plug-manager";\n${secretConfig}`;
    const original = await config();
    await writeFile(path("apps/site/plug.config.ts"), withEnvImport);
    try {
      const checked = await care(workspace, ["check", "-d", "site"]);
      expect(checked.code, checked.output).toBe(0);
      expect(checked.output).toMatch(/set environment variable NOTIFY_API_KEY/);
      // … and start refuses without it, before it opens (let alone creates) a database. care start builds the
      // workspace first: beside CI's other suites that took over 120 s, so it gets most of the test's time.
      const dataDir = join(workspace, "site-data");
      const started = await care(workspace, ["start", "-d", "site"], 270_000, { CARE_DATA_DIR: dataDir, NOTIFY_API_KEY: "" });
      expect(started.code, started.output).not.toBe(0);
      expect(started.output).toMatch(/notify[\s\S]*SERVICE_API_KEY[\s\S]*set environment variable NOTIFY_API_KEY/);
      expect(started.output).not.toMatch(/\n\s+at /);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await writeFile(path("apps/site/plug.config.ts"), original);
    }
  }, 300_000);

  it("plugs that depend on each other in a cycle, and a core range this core does not satisfy", async () => {
    const pkg = async (plug: string) =>
      JSON.parse(await file(`plugs/${plug}/package.json`)) as { care: { plug: { core: string; dependencies?: Record<string, string> } } };
    const hello = await pkg("hello");
    const ward = await pkg("ward");
    hello.care.plug.dependencies = { ward: "^0.1.0" };
    ward.care.plug.dependencies = { hello: "^0.1.0" };
    await expectRefusal(
      {
        "plugs/hello/package.json": `${JSON.stringify(hello, null, 2)}\n`,
        "plugs/ward/package.json": `${JSON.stringify(ward, null, 2)}\n`,
      },
      ["check", "-d", "site"],
      /plugs depend on each other in a cycle: (hello → ward → hello|ward → hello → ward); break it/,
      ["hello", "ward"],
    );
    const future = { ...(await pkg("ward")), care: { plug: { ...ward.care.plug, dependencies: {}, core: ">=5.0.0" } } };
    await expectRefusal(
      { "plugs/ward/package.json": `${JSON.stringify(future, null, 2)}\n` },
      ["check", "-d", "site"],
      /plug ward \(@care-plugs\/ward@0\.1\.0\) supports core >=5\.0\.0, but this core is 0\.\d+\.\d+/,
      ["ward"],
    );
  }, 600_000);

  it("a gap in an upgrade chain, and an install.sql that builds another schema than its chain", async () => {
    const install = await file("plugs/ward/migrations/install.sql");
    await expectRefusal(
      {
        "plugs/ward/migrations/baseline/0.0.1.sql": install,
        "plugs/ward/migrations/upgrade/0.0.1_0.0.2.sql": "select 1;\n",
        "plugs/ward/migrations/upgrade/0.0.3_0.1.0.sql": "select 1;\n",
      },
      ["check", "-d", "site"],
      /the upgrade chain has a gap: nothing goes from 0\.0\.2 to 0\.0\.3; add upgrade\/0\.0\.2_0\.0\.3\.sql/,
    );
    const drifted = `${install}\nalter table ${/create table (\w+)/i.exec(install)![1]} add column ward_bed text;\n`;
    await expectRefusal(
      { "plugs/ward/migrations/install.sql": drifted, "plugs/ward/migrations/baseline/0.1.0.sql": install },
      ["check", "-d", "site"],
      new RegExp(
        /plug ward: install\.sql and baseline\/0\.1\.0\.sql build different schemas plug_ward/.source +
          /[\s\S]*ward_bed[\s\S]*upgrade\/0\.1\.0_next\.sql/.source,
      ),
    );
  }, 300_000);

  it("an install.sql changed since the plug's last release (its git tag) without an upgrade step from it", async () => {
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=Release", "-c", "user.email=release@example.org", ...args], {
        cwd: workspace,
        encoding: "utf8",
      });
    await writeFile(path(".gitignore"), "node_modules/\ndist/\n.turbo/\n.care/\n");
    git("init", "--quiet");
    git("add", ".");
    git("commit", "--quiet", "-m", "release");
    git("tag", "@care-plugs/ward@0.1.0");

    const install = await file("plugs/ward/migrations/install.sql");
    const table = /create table (\w+)/i.exec(install)![1];
    const widened = `${install}\ncreate index ${table}_created_idx on ${table} (created_at);\n`;
    const output = await expectRefusal(
      { "plugs/ward/migrations/install.sql": widened },
      ["check", "-d", "site"],
      new RegExp(
        /plug ward: install\.sql changed since 0\.1\.0 but there is no upgrade\/0\.1\.0_<next>\.sql/.source +
          /[\s\S]*migrations\/upgrade\/0\.1\.0_next\.sql/.source,
      ),
    );
    expect(output).toContain("git show @care-plugs/ward@0.1.0:./plugs/ward/migrations/install.sql");

    // With the released script kept as the baseline and the step from it written, it passes.
    await writeFile(path("plugs/ward/migrations/install.sql"), widened);
    await mkdir(path("plugs/ward/migrations/baseline"), { recursive: true });
    await mkdir(path("plugs/ward/migrations/upgrade"), { recursive: true });
    await writeFile(
      path("plugs/ward/migrations/baseline/0.1.0.sql"),
      git("show", "@care-plugs/ward@0.1.0:plugs/ward/migrations/install.sql"),
    );
    await writeFile(path("plugs/ward/migrations/upgrade/0.1.0_next.sql"), `create index ${table}_created_idx on ${table} (created_at);\n`);
    const checked = await care(workspace, ["check", "-d", "site"]);
    expect(checked.code, checked.output).toBe(0);
  }, 300_000);
});
