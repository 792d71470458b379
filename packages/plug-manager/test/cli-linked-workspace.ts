import { spawn } from "node:child_process";
import { mkdir, realpath, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { generateManifest } from "../src/sync/generate-manifest.js";
import { generatePlugConfigTypes, plugConfigTypesPath } from "../src/sync/plug-config-types.js";
import { childEnv, cliPath, sourceRoot } from "./temp-workspace.js";

/**
 * A small workspace for the CLI's own tests, made in a second: ready-built plugs (dist/index.js, as
 * a published plug arrives) linked into one deployment's node_modules the way pnpm links them, and
 * @care/plug-sdk and zod linked from this repository, and the deployment's generated files as
 * `care sync` writes them. No pnpm install, no build. Each plug's src/tables.generated.ts is left
 * to `care plug types`.
 */
export interface LinkedPlug {
  id: string;
  version: string;
  /** migrations/ files by path, e.g. { "install.sql": "…", "baseline/1.0.0.sql": "…" }. */
  migrations: Record<string, string>;
}

export async function createLinkedWorkspace(root: string, deployment: string, plugs: LinkedPlug[]): Promise<void> {
  await writeFile(join(root, "package.json"), `${JSON.stringify({ name: "care-cli-test", private: true, type: "module" }, null, 2)}\n`);
  await writeFile(join(root, "pnpm-workspace.yaml"), "packages:\n  - plugs/*\n  - apps/*\n");
  await link(join(root, "node_modules/@care/plug-sdk"), join(sourceRoot, "packages/plug-sdk"));
  await link(join(root, "node_modules/zod"), await realpath(join(sourceRoot, "packages/plug-sdk/node_modules/zod")));
  const app = join(root, "apps", deployment);
  await mkdir(join(app, "src"), { recursive: true });
  for (const plug of plugs) {
    const dir = join(root, "plugs", plug.id);
    await writePlug(dir, plug);
    await link(join(app, "node_modules", packageName(plug)), dir);
  }
  const dependencies = Object.fromEntries(plugs.map((plug) => [packageName(plug), "workspace:^"]));
  await writeFile(
    join(app, "package.json"),
    `${JSON.stringify({ name: `@care-deploy/${deployment}`, version: "0.1.0", private: true, type: "module", dependencies }, null, 2)}\n`,
  );
  const entries = plugs.map((plug) => `    plug({ name: "${plug.id}", package: "${packageName(plug)}", version: "workspace:^" }),`);
  await writeFile(
    join(app, "plug.config.ts"),
    `import { defineDeployment, plug } from "@care/plug-manager";\n\nexport default defineDeployment({\n  name: "${deployment}",\n  ` +
      `plugs: [\n${entries.join("\n")}\n  ],\n});\n`,
  );
  const config = { name: deployment, plugs: plugs.map((plug) => ({ name: plug.id, package: packageName(plug) })) };
  const resolved = plugs.map((plug) => ({ id: plug.id, packageName: packageName(plug) }));
  await writeFile(join(app, "src", "plugs.generated.ts"), generateManifest(config, resolved));
  await writeFile(plugConfigTypesPath(app), generatePlugConfigTypes(config, new Map(resolved.map((plug) => [plug.id, plug.packageName]))));
}

export const packageName = (plug: Pick<LinkedPlug, "id">) => `@cli-test/${plug.id}`;

async function writePlug(dir: string, plug: LinkedPlug): Promise<void> {
  const manifest = {
    name: packageName(plug),
    version: plug.version,
    type: "module",
    main: "./dist/index.js",
    files: ["dist", "migrations"],
    care: { plug: { id: plug.id, core: ">=0.1.0 <1.0.0", contract: "^1.0.0", dependencies: {} } },
    dependencies: { "@care/plug-sdk": "workspace:^", zod: "4.6.7" },
  };
  await mkdir(join(dir, "dist"), { recursive: true });
  await mkdir(join(dir, "src"), { recursive: true });
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(
    join(dir, "dist/index.js"),
    `import { definePlug } from "@care/plug-sdk";\nimport { z } from "zod";\n\n` +
      `export default definePlug({\n  package: ${JSON.stringify(manifest)},\n  config: z.object({ greeting: ` +
      `z.string().default("hello") }),\n` +
      `  migrations: new URL("../migrations/", import.meta.url),\n});\n`,
  );
  for (const [path, sql] of Object.entries(plug.migrations)) {
    await mkdir(dirname(join(dir, "migrations", path)), { recursive: true });
    await writeFile(join(dir, "migrations", path), sql);
  }
}

async function link(path: string, target: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await symlink(relative(dirname(path), target), path, "dir");
}

/** Runs the built `care` CLI in `cwd`; what it printed on stdout and on stderr, apart. */
export function runCare(
  cwd: string,
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...childEnv(extraEnv), DATABASE_URL: "", CARE_DATA_DIR: "" };
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
