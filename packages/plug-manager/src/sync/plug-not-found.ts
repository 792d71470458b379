import { CareCliError } from "../cli-error.js";
import { findWorkspaceRoot } from "../workspace/find-root.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { closestPlugNames, registryPlugNames } from "./closest-plug-names.js";
import type { PinnedRegistry } from "./registry-pinning.js";

/**
 * `plug_not_found`: the name is neither a workspace package nor in its scope's registry. Says that
 * it was looked up nowhere else, and offers the closest names the workspace and that registry know.
 */
export async function plugNotFound(name: string, registry: PinnedRegistry, cwd: string, detail?: string): Promise<CareCliError> {
  const root = findWorkspaceRoot(cwd);
  const local = root ? [...(await workspacePackages(root)).values()].filter((item) => item.isPlug).map((item) => item.name) : [];
  const remote = registry.placeholder ? [] : await registryPlugNames(registry.url, registry.scope);
  const closest = closestPlugNames(name, [...local, ...remote]);
  const where = registry.placeholder
    ? `this workspace, and ${registry.scope} has no registry here (.npmrc maps it to the placeholder ${registry.url})`
    : `the registry named for ${registry.scope} (${registry.url}) nor in this workspace`;
  return new CareCliError(`${name} is not in ${where}; it was looked up nowhere else${detail ? ` (${detail})` : ""}`, {
    code: "plug_not_found",
    hint: closest.length
      ? `did you mean ${closest.join(", ")}?`
      : registry.placeholder
        ? `check the name; to add plugs from a registry, name it in .npmrc: ${registry.scope}:registry=https://npm.example.org/`
        : "check the name and that it is published to that registry",
  });
}
