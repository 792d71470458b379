import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { workspacePackages } from "../workspace/workspace-packages.js";

/** The Care packages a scaffold depends on. */
export type CarePackage = "@care/runtime" | "@care/plug-manager" | "@care/plug-sdk";

/**
 * How a scaffolded package names a Care package: `workspace:^` inside the Care repository, and
 * outside it (a deployment repository that installs Care from a registry) a caret range on the
 * version this CLI was installed with.
 */
export async function careRanges(root: string): Promise<Record<CarePackage, string>> {
  const workspace = await workspacePackages(root);
  const names: CarePackage[] = ["@care/runtime", "@care/plug-manager", "@care/plug-sdk"];
  const ranges = {} as Record<CarePackage, string>;
  for (const name of names) ranges[name] = workspace.has(name) ? "workspace:^" : `^${await installedVersion(name)}`;
  return ranges;
}

async function installedVersion(name: CarePackage): Promise<string> {
  // Each package's main file is dist/index.js, next to its package.json's folder.
  const main = fileURLToPath(import.meta.resolve(name));
  const manifest = JSON.parse(await readFile(join(dirname(main), "..", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}
