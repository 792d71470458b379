// The part of `care sync` after `pnpm install` and the turbo build, as its own process:
// plug.config.ts → plug sources → trust and identity (files only) → installed plugs loaded → checks →
// src/plugs.generated.ts and plugs.lock.json. The same functions, in the same order, as sync-deployment.ts.
//   node --import tsx manifest-stage.ts <workspace root> <deployment> [--startup-only]
import { writeFile } from "node:fs/promises";
import { coreVersion } from "@care/core";
import { checkPlugs } from "@care/runtime/check-tooling";
import {
  generateManifest,
  asManifestPlugs,
  loadInstalledPlugs,
  loadDeploymentConfig,
  workspaceIntegrity,
  type PlugsLock,
  resolvePlugSource,
  type PlugSource,
  asOneError,
  checkPlugsBeforeImport,
  deploymentPaths,
  workspacePackages,
} from "@care/plug-manager/tooling";

export async function writeManifestAndLock(root: string, deployment: string): Promise<number> {
  const paths = deploymentPaths(root, deployment);
  const config = await loadDeploymentConfig(paths.config);
  const workspace = await workspacePackages(root);
  const sources = new Map<string, PlugSource>();
  for (const entry of config.plugs) sources.set(entry.name, await resolvePlugSource(entry, paths.dir, workspace));
  const checked = await checkPlugsBeforeImport({
    deployment,
    deploymentDir: paths.dir,
    config,
    sources,
    previous: [],
    allowSourceChange: [],
  });
  if (checked.problems.length) throw asOneError(checked.problems);
  const { plugs, problems } = await loadInstalledPlugs(paths.dir, config, sources);
  if (problems.length) throw new Error(problems.join("\n"));
  checkPlugs({ deployment: config.name, plugs: asManifestPlugs(plugs, config) }, coreVersion);
  const lock: PlugsLock = { deployment: config.name, plugs: [] };
  for (const plug of plugs) {
    const version = plug.definition.package.version;
    lock.plugs.push({
      id: plug.id,
      package: plug.packageName,
      version,
      source: "workspace",
      integrity: await workspaceIntegrity(plug.dir),
      digest: checked.trusted.get(plug.id)?.trust.digest ?? "unknown",
    });
  }
  await writeFile(paths.manifest, generateManifest(config, plugs));
  await writeFile(paths.lockfile, `${JSON.stringify(lock, null, 2)}\n`);
  return plugs.length;
}

const [root, deployment, flag] = process.argv.slice(2);
if (root && deployment && flag !== "--startup-only") {
  const count = await writeManifestAndLock(root, deployment);
  process.stdout.write(`wrote the manifest and lock of ${deployment} (${count} plugs)\n`);
}
