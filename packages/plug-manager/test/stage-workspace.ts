import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { makeSigningKey, trustBlock, type SigningKey } from "./signing-key.js";
import { care } from "./temp-workspace.js";

/** A plug's index.js: a definePlug-shaped default export carrying its package.json, as signing tests make it. */
const plugSource = `import { readFileSync } from "node:fs";
export default { kind: "care-plug", package: JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) };
`;

export interface FixturePlug {
  name: string;
  version: string;
  plug: Record<string, unknown>;
  /** Extra package.json fields (description, license, author...). */
  extra?: Record<string, unknown>;
  /** Files under migrations/, e.g. { "install.sql": "...", "upgrade/1.0.0_1.1.0.sql": "..." }. */
  migrations?: Record<string, string>;
}

/**
 * A workspace with one deployment, `site`, that trusts the publisher `acme` (signed plug archives
 * only), where tests pack fixture plugs with the built `care pack` and stage them with `care stage`.
 */
export async function stageWorkspace(prefix: string) {
  const workspace = await mkdtemp(join(tmpdir(), prefix));
  const publisher: SigningKey = makeSigningKey(workspace, "acme");
  await writeFile(join(workspace, "package.json"), '{ "name": "staging-fixture", "private": true }\n');
  await writeFile(join(workspace, "pnpm-workspace.yaml"), 'packages:\n  - "apps/*"\n');
  await mkdir(join(workspace, "apps/site/src"), { recursive: true });
  await writeFile(join(workspace, "apps/site/package.json"), '{ "name": "@care-deploy/site", "private": true, "type": "module" }\n');
  const siteDir = join(workspace, "apps/site/.care/site");
  let packed = 0;

  const writeConfig = (plugs = "[]", trust = trustBlock({ publishers: { acme: publisher } })) =>
    writeFile(join(workspace, "apps/site/plug.config.ts"), `export default {\n  name: "site",\n  plugs: ${plugs},\n${trust}};\n`);
  await writeConfig();

  return {
    workspace,
    publisher,
    siteDir,
    writeConfig,
    care: (args: string[]) => care(workspace, args),

    /** Packs a fixture plug (signed by acme unless `sign` is false); answers the archive's path relative to the workspace. */
    async pack(fixture: FixturePlug, sign = true): Promise<string> {
      packed += 1;
      const dir = join(workspace, `plug-sources/${packed}`);
      await mkdir(dir, { recursive: true });
      const files = ["index.js", ...(fixture.migrations ? ["migrations"] : [])];
      const packageJson = { name: fixture.name, version: fixture.version, type: "module", main: "./index.js", files, ...fixture.extra };
      await writeFile(join(dir, "package.json"), JSON.stringify({ ...packageJson, care: { plug: fixture.plug } }, null, 2));
      await writeFile(join(dir, "index.js"), plugSource);
      for (const [path, text] of Object.entries(fixture.migrations ?? {})) {
        await mkdir(join(dir, "migrations", path, ".."), { recursive: true });
        await writeFile(join(dir, "migrations", path), text);
      }
      const out = `archives/${packed}`;
      const result = await care(workspace, ["pack", dir, "-o", out, ...(sign ? ["--sign", publisher.privateKey] : [])]);
      expect(result.code, result.output).toBe(0);
      const tarball = (await readdir(join(workspace, out))).find((name) => name.endsWith(".tgz"))!;
      return `${out}/${tarball}`;
    },

    /** staged/changes.json as bytes (undefined when absent): a refusal must leave it exactly so. */
    changesFile: () => readFile(join(siteDir, "staged/changes.json"), "utf8").catch(() => undefined),
    /** What waits in staged/incoming (uploads not yet staged). */
    incoming: () => readdir(join(siteDir, "staged/incoming")).catch(() => [] as string[]),
    /** The archives kept in staged/. */
    stagedArchives: async () =>
      (await readdir(join(siteDir, "staged")).catch(() => [] as string[])).filter((name) => name.endsWith(".tgz")),
  };
}
