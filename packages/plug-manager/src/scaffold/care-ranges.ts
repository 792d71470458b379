import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { workspacePackages } from "../workspace/workspace-packages.js";

/** The Care packages a scaffold depends on. */
export type CarePackage = "@care/runtime" | "@care/plug-manager" | "@care/plug-sdk" | "@care/web";

/**
 * How a scaffolded package names a Care package: `workspace:^` inside the Care repository, and
 * outside it (a deployment repository that installs Care from a registry) a caret range on the
 * version this CLI was installed with.
 */
export async function careRanges(root: string): Promise<Record<CarePackage, string>> {
  const workspace = await workspacePackages(root);
  const names: CarePackage[] = ["@care/runtime", "@care/plug-manager", "@care/plug-sdk", "@care/web"];
  const ranges = {} as Record<CarePackage, string>;
  for (const name of names) {
    const version = workspace.has(name) ? undefined : await installedVersion(name);
    ranges[name] = version === undefined ? "workspace:^" : version === "latest" ? "latest" : `^${version}`;
  }
  return ranges;
}

async function installedVersion(name: CarePackage): Promise<string> {
  // The web app (React, Vite) is no dependency of the CLI: its version is the one installed beside it, if any.
  if (name === "@care/web") return webAppVersion();
  // Each package's main file is dist/index.js, next to its package.json's folder.
  const main = fileURLToPath(import.meta.resolve(name));
  const manifest = JSON.parse(await readFile(join(dirname(main), "..", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/** @care/web's version from its `./vite` entry (dist/vite/index.js); "latest" when the CLI has none beside it. */
async function webAppVersion(): Promise<string> {
  try {
    const entry = fileURLToPath(import.meta.resolve("@care/web/vite"));
    return (JSON.parse(await readFile(join(dirname(entry), "..", "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "latest";
  }
}
