import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeDeploymentApp, type SyntheticDeployment } from "./deployment-app.js";
import { syntheticPlug, writePlugPackage, type SyntheticPlug } from "./plug-package.js";
import { linkPackage, linkSharedModules } from "./shared-modules.js";
import { timedProcess } from "./timed-process.js";

/**
 * A workspace of ready-built synthetic plugs and deployments for `care check` and the manifest
 * stage of `care sync`. Instead of `pnpm install` (minutes for 500 packages, and not what is
 * measured) it links the folders as pnpm would: each deployment's node_modules/<plug> points at
 * plugs/<id>, and the plugs find @care/plug-sdk and zod in the root node_modules, which point
 * into this repository.
 */
export interface LinkedWorkspace {
  root: string;
  plugs: SyntheticPlug[];
  /** Deployment name by plug count. */
  deployments: Map<number, string>;
}

export async function createLinkedWorkspace(root: string, repositoryRoot: string, plugCounts: readonly number[]): Promise<LinkedWorkspace> {
  const largest = Math.max(...plugCounts);
  const plugs = Array.from({ length: largest }, (_, index) => syntheticPlug(index + 1));
  await mkdir(root, { recursive: true });
  await writeFile(
    join(root, "package.json"),
    `${JSON.stringify({ name: "care-bench-workspace", private: true, type: "module" }, null, 2)}\n`,
  );
  await writeFile(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n  - plugs/*\n  - apps/*\n");
  await linkSharedModules(root, repositoryRoot);
  for (const plug of plugs) await writePlugPackage(join(root, "plugs", plug.id), plug, { migrations: "install", code: "dist" });
  await generatePlugTables(root, repositoryRoot, plugs);

  const deployments = new Map<number, string>();
  for (const count of plugCounts) {
    const deployment: SyntheticDeployment = { name: `plugs-${count}`, plugs: plugs.slice(0, count) };
    const dir = await writeDeploymentApp(root, deployment, { buildable: false });
    for (const plug of deployment.plugs) await linkPackage(join(dir, "node_modules"), plug.packageName, join(root, "plugs", plug.id));
    deployments.set(count, deployment.name);
  }
  return { root, plugs, deployments };
}

/**
 * Each plug's src/tables.generated.ts, as `care plug types` writes it: `care check` requires it of
 * a workspace plug. Written once here (it fills the CLI's cache too), so no measured run generates it.
 */
async function generatePlugTables(root: string, repositoryRoot: string, plugs: readonly SyntheticPlug[]): Promise<void> {
  for (const plug of plugs) await mkdir(join(root, "plugs", plug.id, "src"), { recursive: true });
  await timedProcess(process.execPath, [join(repositoryRoot, "packages/plug-manager/dist/cli.js"), "plug", "types"], { cwd: root });
}
