import { existsSync } from "node:fs";
import { join } from "node:path";

/** Where a deployment's files are, by its name: apps/<name>. */
export interface DeploymentPaths {
  name: string;
  dir: string;
  config: string;
  packageJson: string;
  manifest: string;
  lockfile: string;
}

export function deploymentPaths(root: string, name: string): DeploymentPaths {
  const dir = join(root, "apps", name);
  return {
    name,
    dir,
    config: join(dir, "plug.config.ts"),
    packageJson: join(dir, "package.json"),
    manifest: join(dir, "src", "plugs.generated.ts"),
    lockfile: join(dir, "plugs.lock.json"),
  };
}

export function deploymentExists(paths: DeploymentPaths): boolean {
  return existsSync(paths.config);
}
