import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateManifest, generatePlugConfigTypes, plugConfigTypesPath, tsupConfig } from "@care/plug-manager/tooling";
import type { SyntheticPlug } from "./plug-package.js";

/** A deployment of synthetic plugs: apps/<name>/ as `care deployment new` plus `care plug add` leave it. */
export interface SyntheticDeployment {
  name: string;
  plugs: readonly SyntheticPlug[];
}

const plugLine = (entry: SyntheticPlug) =>
  `    plug({ name: ${JSON.stringify(entry.id)}, package: ${JSON.stringify(entry.packageName)}, ` +
  'version: "workspace:^", configs: { limit: 5 } }),';

const plugConfig = (deployment: SyntheticDeployment) => `import { defineDeployment, plug } from "@care/plug-manager";

export default defineDeployment({
  name: ${JSON.stringify(deployment.name)},
  plugs: [
${deployment.plugs.map(plugLine).join("\n")}
  ],
});
`;

const packageJson = (deployment: SyntheticDeployment) => ({
  name: `@care-deploy/${deployment.name}`,
  version: "0.1.0",
  private: true,
  type: "module",
  scripts: { build: "tsup" },
  files: ["dist", "plug.config.ts", "plugs.lock.json"],
  dependencies: Object.fromEntries(
    [["@care/runtime", "workspace:^"], ...deployment.plugs.map((entry) => [entry.packageName, "workspace:^"])].sort(),
  ),
  devDependencies: { "@care/plug-manager": "workspace:^" },
});

const mainSource = `import { runDeployment } from "@care/runtime";
import manifest from "./plugs.generated.js";

await runDeployment(manifest);
`;

/**
 * Writes apps/<name>/: package.json, plug.config.ts and the two files `care sync` generates from them
 * (src/plugs.generated.ts, src/plug-configs.generated.ts), which `care check` compares; when
 * `buildable`, also the files turbo builds.
 */
export async function writeDeploymentApp(root: string, deployment: SyntheticDeployment, options: { buildable: boolean }): Promise<string> {
  const dir = join(root, "apps", deployment.name);
  await mkdir(join(dir, "src"), { recursive: true });
  await writeFile(join(dir, "package.json"), `${JSON.stringify(packageJson(deployment), null, 2)}\n`);
  await writeFile(join(dir, "plug.config.ts"), plugConfig(deployment));
  const config = { name: deployment.name, plugs: deployment.plugs.map((entry) => ({ name: entry.id, package: entry.packageName })) };
  const resolved = deployment.plugs.map((entry) => ({ id: entry.id, packageName: entry.packageName }));
  await writeFile(join(dir, "src", "plugs.generated.ts"), generateManifest(config, resolved));
  await writeFile(plugConfigTypesPath(dir), generatePlugConfigTypes(config, new Map(resolved.map((plug) => [plug.id, plug.packageName]))));
  if (options.buildable) {
    await writeFile(join(dir, "src", "main.ts"), mainSource);
    await writeFile(join(dir, "tsup.config.ts"), tsupConfig());
  }
  return dir;
}
