import { existsSync } from "node:fs";
import { workspacePackages } from "../workspace/workspace-packages.js";

/**
 * The Care packages: the @care scope, and (in a workspace) the workspace's own packages. A site has
 * them already (its workspace builds or installs them), so an archive never carries them: it finds
 * them where the site installed them, as one shared copy.
 */
export async function carePackageNames(root: string | undefined): Promise<(name: string) => boolean> {
  const own = root !== undefined && existsSync(root) ? new Set((await workspacePackages(root)).keys()) : new Set<string>();
  return (name) => name.startsWith("@care/") || own.has(name);
}
