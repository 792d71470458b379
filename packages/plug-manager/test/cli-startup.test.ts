import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, cliPath, sourceRoot } from "./temp-workspace.js";

/**
 * `care --help` and `care --version` answer without loading any command's modules: a resolve hook
 * records every module the process imports, and nothing heavy (the runtime, the core, PGlite,
 * Fastify, pg, Kysely, zod) may be among them.
 */
describe("care --help and care --version", () => {
  let dir: string;
  const care = (args: string[]) => {
    const log = join(dir, `${args.join("-") || "none"}.log`);
    const ran = spawnSync(process.execPath, ["--import", join(dir, "register.mjs"), cliPath, ...args], {
      cwd: sourceRoot,
      env: childEnv({ CARE_TEST_IMPORT_LOG: log }),
      encoding: "utf8",
    });
    return { ...ran, imported: async () => (await readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean) };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "care-cli-startup-"));
    await writeFile(join(dir, "register.mjs"), `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`);
    await writeFile(
      join(dir, "hooks.mjs"),
      `import { appendFileSync } from "node:fs";\n` +
        `export async function resolve(specifier, context, next) {\n` +
        `  const resolved = await next(specifier, context);\n` +
        `  if (process.env.CARE_TEST_IMPORT_LOG) appendFileSync(process.env.CARE_TEST_IMPORT_LOG, resolved.url + "\\n");\n` +
        `  return resolved;\n}\n`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("--version prints the version of @care/plug-manager", async () => {
    const { version } = JSON.parse(await readFile(join(sourceRoot, "packages/plug-manager/package.json"), "utf8")) as { version: string };
    const ran = care(["--version"]);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout.trim()).toBe(version);
  });

  it("--help lists every command, plug types and dev included, and loads none of their modules", async () => {
    const ran = care(["--help"]);
    expect(ran.status, ran.stderr).toBe(0);
    for (const command of ["init", "check", "sync", "plug", "dev", "bundle", "migrate", "status", "deliveries", "version"])
      expect(ran.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    const plugHelp = care(["plug", "--help"]);
    expect(plugHelp.stdout).toMatch(/^ {2}types \[options\] \[dirs\.\.\.\]/m);

    const imported = await ran.imported();
    expect(imported.some((url) => url.endsWith("/dist/cli.js"))).toBe(true);
    const heavy = imported.filter((url) =>
      /@care\/(runtime|core)|packages\/(runtime|core)\/|pglite|fastify|\/pg\/|kysely|\/zod\/|jiti|magicast/.test(url),
    );
    expect(heavy).toEqual([]);
  });

  it("check --help and status --help describe their --json document", () => {
    expect(care(["check", "--help"]).stdout).toMatch(
      /With --json, stdout holds one JSON document:[\s\S]*"problems": \[\{ "code": string, "plug": string \| null/,
    );
    expect(care(["status", "--help"]).stdout).toMatch(/With --json, stdout holds one JSON document:[\s\S]*"running"/);
  });
});
