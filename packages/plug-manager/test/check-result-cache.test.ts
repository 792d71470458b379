import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLinkedWorkspace, runCare } from "./cli-linked-workspace.js";

const items = "create table items (\n  id uuid primary key,\n  label text not null default ''\n);\n";
const addColor = "alter table items add column color text;\n";

/**
 * `care check` keeps its results by content between runs (node_modules/.cache/care): a run after
 * any single change prints exactly what a run with --no-cache prints, a run with nothing changed
 * imports no plug, and one plug changed imports that plug only. Each plug's code appends its id to
 * a file when it is imported, which is how these tests see what a run imported.
 */
describe("care check's kept results", () => {
  let root: string;
  let imports: string;
  const plugFile = (plug: string, path: string) => join(root, "plugs", plug, path);
  const configFile = () => join(root, "apps/site/plug.config.ts");
  const baseEnv = { ALPHA_LIMIT: "7" };

  /** The ids imported since the last call. */
  const imported = async () => {
    const lines = (await readFile(imports, "utf8").catch(() => "")).split("\n").filter(Boolean);
    await writeFile(imports, "");
    return lines.sort();
  };

  const run = (args: string[], env: NodeJS.ProcessEnv) => runCare(root, ["check", "-d", "site", ...args], { ...baseEnv, ...env });

  /**
   * Runs the check with its caches, then with --no-cache, and expects the same exit code, stdout and
   * stderr: with --json, and as lines too when `lines`. Returns the JSON report, what the cached runs
   * imported, and their output.
   */
  const checkAgainstCold = async (env: NodeJS.ProcessEnv = {}, options: { lines?: boolean } = {}) => {
    const formats = options.lines ? [["--json"], []] : [["--json"]];
    await imported();
    const cached = [];
    for (const format of formats) cached.push(await run(format, env));
    const importedByCached = await imported();
    const cold = [];
    for (const format of formats) cold.push(await run([...format, "--no-cache"], env));
    expect(cached).toEqual(cold);
    return { report: JSON.parse(cached[0]!.stdout) as CheckJson, imported: importedByCached, output: cached[0]! };
  };
  /** What a cached run with --json imports. */
  const importedByCachedRun = async () => {
    await imported();
    await run(["--json"], {});
    return imported();
  };
  const problemCodes = (report: CheckJson) => report.deployments[0]!.problems.map((found) => `${found.code} ${found.plug}`);

  /**
   * Makes the change, expects a cached run to report `expected` as a cold run does, then undoes it and
   * expects the result from before the change, without importing a plug (it was kept).
   */
  const expectNoticed = async (
    change: () => Promise<() => Promise<void>>,
    expected: string[],
    options: { env?: NodeJS.ProcessEnv; lines?: boolean } = {},
  ) => {
    const before = await run(["--json"], {});
    expect(JSON.parse(before.stdout)).toMatchObject({ ok: true });
    const undo = await change();
    try {
      const { report } = await checkAgainstCold(options.env, options);
      expect(problemCodes(report)).toEqual(expected);
    } finally {
      await undo();
    }
    await imported();
    expect(await run(["--json"], {})).toEqual(before);
    expect(await imported()).toEqual([]);
  };

  /** Replaces `from` with `to` in a file; returns what puts it back. */
  const edit = async (file: string, from: string | RegExp, to: string) => {
    const before = await readFile(file, "utf8");
    const after = before.replace(from, to);
    expect(after, `${file} holds ${from}`).not.toBe(before);
    await writeFile(file, after);
    return () => writeFile(file, before);
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "care-check-kept-"));
    imports = join(root, "imports.log");
    await createLinkedWorkspace(root, "site", [
      { id: "alpha", version: "0.1.0", migrations: { "install.sql": items } },
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
    // Each plug notes its import, and takes a limit and a greeting; alpha's limit comes from ALPHA_LIMIT,
    // beta's greeting from a function that reads BETA_GREETING.
    for (const id of ["alpha", "beta"]) {
      await edit(
        plugFile(id, "dist/index.js"),
        /^/,
        `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(imports)}, "${id}\\n");\n`,
      );
      // alpha's limit has no default: where ALPHA_LIMIT is not set, the check can only note it.
      const limit = `z.coerce.number().int().max(10)${id === "alpha" ? "" : ".default(5)"}`;
      await edit(
        plugFile(id, "dist/index.js"),
        'greeting: z.string().default("hello")',
        `greeting: z.string().min(2).default("hello"), limit: ${limit}`,
      );
    }
    await edit(
      configFile(),
      '"workspace:^" }),\n    plug({ name: "beta"',
      '"workspace:^", configs: { limit: env("ALPHA_LIMIT") } }),\n    plug({ name: "beta"',
    );
    await edit(
      configFile(),
      /"workspace:\^" }\),\n {2}\]/,
      '"workspace:^", configs: { greeting: () => process.env.BETA_GREETING ?? "hi" } }),\n  ]',
    );
    await edit(configFile(), "{ defineDeployment, plug }", "{ defineDeployment, env, plug }");
    const types = await runCare(root, ["plug", "types", "plugs/alpha", "plugs/beta"]);
    expect(types.code, types.stderr).toBe(0);
  }, 300_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("imports no plug when nothing changed, and prints what a run with --no-cache prints", async () => {
    const first = await checkAgainstCold({}, { lines: true });
    expect(first.report).toEqual({ ok: true, deployments: [{ deployment: "site", ok: true, problems: [], notes: [] }] });
    expect(first.imported).toEqual(["alpha", "beta"]);
    // A cold run imports both plugs: what shows that the import marker works.
    await imported();
    await run(["--no-cache"], {});
    expect(await imported()).toEqual(["alpha", "beta"]);
    const warm = await checkAgainstCold({}, { lines: true });
    expect(warm.imported).toEqual([]);
  }, 300_000);

  it("imports only the plug whose build changed", async () => {
    await run(["--json"], {});
    const undo = await edit(plugFile("beta", "dist/index.js"), /$/, "// rebuilt\n");
    try {
      expect((await checkAgainstCold()).imported).toEqual(["beta"]);
      expect(await importedByCachedRun()).toEqual([]);
    } finally {
      await undo();
    }
  }, 300_000);

  it("notices a plug's changed build output as a cold run does", async () => {
    await expectNoticed(
      () => edit(plugFile("alpha", "dist/index.js"), '"version":"0.1.0"', '"version":"0.1.1"'),
      ["plug_not_loadable null"],
    );
  }, 300_000);

  it("notices a changed install.sql as a cold run does", async () => {
    await expectNoticed(
      () => edit(plugFile("alpha", "migrations/install.sql"), /$/, "create table tags (id uuid primary key);\n"),
      ["plug_tables_stale alpha"],
    );
  }, 300_000);

  it("notices a changed migration step as a cold run does", async () => {
    await expectNoticed(
      () => edit(plugFile("beta", "migrations/upgrade/1.0.0_1.1.0.sql"), "color", "colour"),
      ["plug_install_drift beta"],
      {
        lines: true,
      },
    );
  }, 300_000);

  it("notices a changed config value in plug.config.ts as a cold run does", async () => {
    await expectNoticed(() => edit(configFile(), 'env("ALPHA_LIMIT")', "50"), ["config_value_invalid alpha"]);
  }, 300_000);

  it("notices a changed environment variable that a config reads, by env() or in a function, as a cold run does", async () => {
    const nothing = async () => async () => {};
    await expectNoticed(nothing, ["config_value_invalid alpha"], { env: { ALPHA_LIMIT: "70" } });
    await expectNoticed(nothing, ["config_value_invalid beta"], { env: { BETA_GREETING: "x" } });
    // Unset: only a note, as the environment where it runs may set it.
    const unset = await checkAgainstCold({ ALPHA_LIMIT: "" }, { lines: true });
    expect(unset.report.deployments[0]!.notes.map((note) => note.code)).toEqual(["config_env_missing"]);
  }, 300_000);

  it("notices a changed trust policy as a cold run does", async () => {
    await expectNoticed(
      () => edit(configFile(), '  name: "site",\n', '  name: "site",\n  trust: { unsigned: [] },\n'),
      ["plug_unsigned null", "plug_unsigned null"],
    );
  }, 300_000);

  it("notices a changed plugs.lock.json as a cold run does", async () => {
    const lockfile = join(root, "apps/site/plugs.lock.json");
    const lock = (plugId: string) => ({
      deployment: "site",
      plugs: [{ id: "alpha", package: "@cli-test/alpha", version: "0.1.0", source: "workspace", integrity: "-", digest: "-", plugId }],
    });
    await writeFile(lockfile, JSON.stringify(lock("alpha")));
    try {
      await expectNoticed(async () => {
        await writeFile(lockfile, JSON.stringify(lock("other")));
        return () => writeFile(lockfile, JSON.stringify(lock("alpha")));
      }, ["plug_identity_changed null"]);
    } finally {
      await rm(lockfile);
    }
  }, 300_000);

  it("notices a new release tag, where no file changed, as a cold run does", async () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
    await writeFile(join(root, ".gitignore"), "node_modules\nimports.log\n");
    git("init", "-q");
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "0.1.0");
    // install.sql changes after the commit; with no release tag yet, nothing asks for an upgrade step.
    const install = plugFile("alpha", "migrations/install.sql");
    const tables = plugFile("alpha", "src/tables.generated.ts");
    const [installBefore, tablesBefore] = [await readFile(install, "utf8"), await readFile(tables, "utf8")];
    await writeFile(install, `${installBefore}create table tags (id uuid primary key);\n`);
    expect((await runCare(root, ["plug", "types", "plugs/alpha"])).code).toBe(0);
    try {
      await expectNoticed(async () => {
        git("tag", "@cli-test/alpha@0.1.0");
        return async () => void git("tag", "-d", "@cli-test/alpha@0.1.0");
      }, ["plug_upgrade_step_missing alpha"]);
    } finally {
      await writeFile(install, installBefore);
      await writeFile(tables, tablesBefore);
      await rm(join(root, ".git"), { recursive: true, force: true });
    }
  }, 300_000);

  it("completes what it kept of a plug while another plug failed the checks, once they pass", async () => {
    await run(["--json"], {});
    await rm(join(root, "node_modules/.cache/care"), { recursive: true, force: true });
    // beta needs a plug the deployment lacks: the checks stop before configs, tables and migrations.
    const needGamma = (file: string) => edit(file, '"dependencies":{}', '"dependencies":{"gamma":"^1.0.0"}');
    const undoBuild = await needGamma(plugFile("beta", "dist/index.js"));
    const undoPackage = await edit(plugFile("beta", "package.json"), /"dependencies": \{\}/, '"dependencies": { "gamma": "^1.0.0" }');
    try {
      expect(problemCodes((await checkAgainstCold()).report)).toEqual(["plug_dependency_missing beta"]);
    } finally {
      await undoBuild();
      await undoPackage();
    }
    // alpha's facts stop at the plug checks: it is imported to finish them, beta because it changed.
    const fixed = await checkAgainstCold();
    expect(fixed.report.ok).toBe(true);
    expect(fixed.imported).toEqual(["alpha", "beta"]);
    expect(await importedByCachedRun()).toEqual([]);
  }, 300_000);

  it("ignores cache files it cannot read, checks afresh and writes them again", async () => {
    await run(["--json"], {});
    const cache = join(root, "node_modules/.cache/care");
    const damaged: string[] = [];
    for (const folder of ["check-results", "plug-facts", "migration-checks"]) {
      const files = (await readdir(join(cache, folder))).filter((file) => file.endsWith(".json"));
      expect(files.length, folder).toBeGreaterThan(0);
      for (const [index, file] of files.entries()) {
        // Torn, not JSON at all, and JSON of another shape.
        const text = ['{"problems": [', "\u0000\u0001", '{"problems": "none", "notes": [], "package": 1}'][index % 3]!;
        await writeFile(join(cache, folder, file), text);
        damaged.push(file);
      }
    }
    const afresh = await checkAgainstCold();
    expect(afresh.report.ok).toBe(true);
    expect(afresh.imported).toEqual(["alpha", "beta"]);
    expect(await importedByCachedRun()).toEqual([]);
    const leftovers = (await readdir(cache, { recursive: true })).filter((file) => file.endsWith(".tmp"));
    expect(leftovers).toEqual([]);
  }, 300_000);
});

interface CheckJson {
  ok: boolean;
  deployments: {
    deployment: string;
    ok: boolean;
    problems: { code: string; plug: string | null; message: string; hint: string | null }[];
    notes: { code: string; plug: string | null; message: string; hint: string | null }[];
  }[];
}
