import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";

/** Every deployment, when a command is not given `-d`. */
export async function allDeployments(root: string): Promise<string[]> {
  const entries = await readdir(join(root, "apps"), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && deploymentExists(deploymentPaths(root, entry.name))).map((entry) => entry.name);
}
