import { mkdir, readdir, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The part of esbuild's API used here (esbuild comes with tsx; its types are not a bench dependency). */
interface Esbuild {
  build(options: {
    entryPoints: string[];
    outfile: string;
    bundle: true;
    platform: "node";
    format: "esm";
    target: string;
    packages: "external";
    logLevel: "error";
  }): Promise<unknown>;
}

/**
 * Builds manifest-stage.ts into plain JavaScript, packages external, that node runs without a TypeScript
 * loader (which would also sit in front of every plug import and inflate the per-plug time); the plug
 * manager's steps come from its built dist (@care/plug-manager/tooling), as tsup built them for the CLI.
 * Its node_modules links the plug manager's packages and the plug manager itself (the tooling entry, and
 * plug.config.ts imports it), so everything resolves as it does for the CLI. Returns the script's path.
 */
export async function buildManifestStage(outDir: string, repositoryRoot: string): Promise<string> {
  const esbuild = createRequire(fileURLToPath(import.meta.resolve("tsx")))("esbuild") as Esbuild;
  const outfile = join(outDir, "manifest-stage.mjs");
  await mkdir(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL("manifest-stage.ts", import.meta.url))],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  const packageDir = join(repositoryRoot, "packages/plug-manager");
  await linkEntries(join(packageDir, "node_modules"), join(outDir, "node_modules"));
  await symlink(packageDir, join(outDir, "node_modules", "@care", "plug-manager"), "dir");
  return outfile;
}

/** Links every package of `from` (scoped ones one level down) into `to`. */
async function linkEntries(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) {
    if (name.startsWith(".")) continue;
    if (name.startsWith("@")) await linkEntries(join(from, name), join(to, name));
    else await symlink(join(from, name), join(to, name), "dir");
  }
}
