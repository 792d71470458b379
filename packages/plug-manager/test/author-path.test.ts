import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { care, childEnv, copyWorkspace, install, run } from "./temp-workspace.js";

const withoutAdminPassword = ({ CARE_ADMIN_PASSWORD: _, ...env }: NodeJS.ProcessEnv) => env;

/**
 * A plug author's path in a copy of the workspace, with only the CLI: new plug → add it to a
 * deployment → its configs are type-checked → first release with a schema change → check, with no
 * `care sync` in between → the deployment starts and its printed login line works when pasted.
 */
describe("the author's path from scaffold to release", () => {
  let workspace: string;
  const path = (file: string) => join(workspace, file);
  const file = (name: string) => readFile(path(name), "utf8");
  const edit = async (name: string, change: (text: string) => string) => writeFile(path(name), change(await file(name)));
  const configFile = "apps/district/plug.config.ts";

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-author-"));
    await copyWorkspace(workspace);
    for (const args of [
      ["deployment", "new", "district"],
      ["plug", "new", "vitals"],
    ]) {
      const done = await care(workspace, args);
      expect(done.code, done.output).toBe(0);
    }
    // Not about signing: this site accepts unsigned workspace plugs.
    await edit(configFile, (text) => text.replace("plugs: [],", 'trust: { unsigned: ["workspace"] },\n  plugs: [],'));
    // A setting with a fixed set of values, as the temperatureUnit.
    await edit("plugs/vitals/src/config.ts", (text) =>
      text.replace(
        "export const vitalsConfig = z.object({",
        'export const vitalsConfig = z.object({\n  temperatureUnit: z.enum(["celsius", "fahrenheit"]).default("celsius"),',
      ),
    );
    await install(workspace);
    // The first sync builds the Care packages in the copy too: minutes on a busy two-core machine.
    const added = await care(workspace, ["plug", "add", "@care-plugs/vitals", "-d", "district", "--yes"], 900_000);
    expect(added.code, added.output).toBe(0);
    // The deployment's build (and @care/plug-manager's declarations, which plug.config.ts is checked with).
    const built = await run(workspace, ["--filter", "@care-deploy/district...", "build"], 900_000);
    expect(built.code, built.output).toBe(0);
  }, 2_000_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("type-checks plug.config.ts's configs against the plug's config schema", async () => {
    expect(await file("apps/district/src/plug-configs.generated.ts")).toContain(
      '"@care-plugs/vitals": PlugConfigInput<(typeof import("@care-plugs/vitals"))["default"]>;',
    );
    const typecheck = () => run(workspace, ["--filter", "@care-deploy/district", "exec", "tsc", "--noEmit"]);
    const written = await file(configFile);
    const withConfigs = (configs: string) =>
      writeFile(path(configFile), written.replace('package: "@care-plugs/vitals"', `$&, configs: ${configs}`));

    try {
      await withConfigs("{ temperatureUnit: 3 }");
      const wrong = await typecheck();
      expect(wrong.code, wrong.output).not.toBe(0);
      expect(wrong.output).toMatch(
        /plug\.config\.ts\(\d+,\d+\): error TS2322: Type '(3|number)' is not assignable to type [^\n]*"celsius" \| "fahrenheit"/,
      );

      await withConfigs('{ temperatureUnit: "kelvin" }');
      expect((await typecheck()).output).toMatch(/Type '"kelvin"' is not assignable/);
      await withConfigs('{ temperatureUnit: "fahrenheit", notePrefx: "Seen" }');
      expect((await typecheck()).output).toMatch(/'notePrefx' does not exist/);

      await withConfigs('{ temperatureUnit: "fahrenheit", notePrefix: env("VITALS_NOTE_PREFIX") }');
      await edit(configFile, (text) => `import { env } from "@care/plug-manager";\n${text}`);
      const right = await typecheck();
      expect(right.code, `${await file(configFile)}\n${right.output}`).toBe(0);
    } finally {
      await writeFile(path(configFile), written);
    }
  }, 600_000);

  it("releases the plug with a schema change, and care check passes right after care version", async () => {
    const install = "plugs/vitals/migrations/install.sql";
    const released = await file(install);
    await mkdir(path("plugs/vitals/migrations/baseline"), { recursive: true });
    await mkdir(path("plugs/vitals/migrations/upgrade"), { recursive: true });
    await writeFile(path("plugs/vitals/migrations/baseline/0.1.0.sql"), released);
    // The new column goes at the end of its table, where the upgrade step's ALTER puts it.
    await writeFile(
      path(install),
      released.replace(
        "  created_at timestamptz not null default now()\n",
        "  created_at timestamptz not null default now(),\n  reviewed boolean\n",
      ),
    );
    await writeFile(path("plugs/vitals/migrations/upgrade/0.1.0_next.sql"), "alter table patient_notes add column reviewed boolean;\n");

    const versioned = await care(workspace, ["version"], 600_000);
    expect(versioned.code, versioned.output).toBe(0);
    expect(versioned.output).toContain("@care-plugs/vitals: 0.1.0 → 1.0.0");
    expect(versioned.output).toContain("@care-plugs/vitals: upgrade/0.1.0_next.sql → upgrade/0.1.0_1.0.0.sql");
    expect(versioned.output).toContain("▸ sync district (it runs @care-plugs/vitals)");
    // Only what had a changeset (and the deployment that depends on it) moved.
    expect(JSON.parse(await file("packages/runtime/package.json")).version).toBe("0.1.0");
    expect(JSON.parse(await file("plugs/vitals/package.json")).version).toBe("1.0.0");
    const changelog = await file("plugs/vitals/CHANGELOG.md");
    expect(changelog).toContain(
      "## 1.0.0\n\n### Major Changes\n\n- First release of the `vitals` plug: it keeps a note of each newly registered patient",
    );
    expect(changelog).not.toMatch(/care plug new|before releasing/);
    expect(JSON.parse(await file("apps/district/plugs.lock.json")).plugs).toMatchObject([{ id: "vitals", version: "1.0.0" }]);

    const checked = await care(workspace, ["check", "-d", "district"]);
    expect(checked.code, checked.output).toBe(0);
    expect(checked.output).toContain("✓ no problems");
    expect(checked.output).not.toContain("goes past");
  }, 600_000);

  describe("the printed login line, pasted into a shell, logs in", () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      if (child && child.exitCode === null) child.kill("SIGKILL");
    });

    /** Starts the built deployment on a fresh data folder; resolves with everything printed until it runs. */
    const start = async (env: NodeJS.ProcessEnv): Promise<string> => {
      const dataDir = await mkdtemp(join(tmpdir(), "care-author-data-"));
      const started = spawn(process.execPath, ["dist/main.js"], {
        cwd: path("apps/district"),
        env: { ...withoutAdminPassword(childEnv({ PORT: "0", CARE_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" })), ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = started;
      let output = "";
      started.stdout!.on("data", (chunk) => (output += chunk));
      started.stderr!.on("data", (chunk) => (output += chunk));
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (/Health: /.test(output) || started.exitCode !== null) {
            clearInterval(poll);
            resolve();
          }
        }, 100);
      });
      return output;
    };
    /** The curl command the banner printed (two lines joined by a backslash-newline), run by sh. */
    const pasteLogin = (banner: string, env: NodeJS.ProcessEnv = {}) => {
      const command = /^ {2}curl [^\n]*\\\n[^\n]*$/m.exec(banner)?.[0];
      expect(command, banner).toBeTruthy();
      const pasted = spawnSync("sh", ["-c", command!], { encoding: "utf8", env: { ...process.env, ...env } });
      return JSON.parse(pasted.stdout || "{}") as { token?: string };
    };

    it("with the password in CARE_ADMIN_PASSWORD", async () => {
      const password = "Pasted line $HOME works";
      const banner = await start({ CARE_ADMIN_PASSWORD: password });
      expect(banner).toContain('Log in as user "admin" with the password in CARE_ADMIN_PASSWORD:');
      expect(pasteLogin(banner, { CARE_ADMIN_PASSWORD: password }).token).toMatch(/\S{20,}/);
      expect(pasteLogin(banner, { CARE_ADMIN_PASSWORD: "not the password at all" }).token).toBeUndefined();
    }, 120_000);

    it("with the password generated at the first start", async () => {
      const banner = await start({});
      expect(banner).toContain("generated now and shown only this once");
      expect(pasteLogin(banner).token).toMatch(/\S{20,}/);
    }, 120_000);
  });
});
