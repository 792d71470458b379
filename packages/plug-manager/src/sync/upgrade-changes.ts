import { declarationChanges, declarationOf, type PlugDeclaration } from "../review/plug-declaration.js";
import type { LockedPlug } from "./lockfile.js";
import type { PlugSource } from "./plug-source.js";
import { readInstalledPackage } from "./plug-trust.js";

export type InstalledDeclaration = PlugDeclaration & { publisher?: string };

/**
 * Before pnpm install replaces them: the declarations of the plugs installed now, by id, read from
 * node_modules (a workspace plug is a link to its folder, so its old declaration is already gone).
 */
export async function installedDeclarations(
  deploymentDir: string,
  previous: LockedPlug[],
  sources: Map<string, PlugSource>,
): Promise<Map<string, InstalledDeclaration>> {
  const found = new Map<string, InstalledDeclaration>();
  for (const locked of previous) {
    if (sources.get(locked.id)?.packageName !== locked.package) continue;
    const installed = await readInstalledPackage(deploymentDir, locked.package);
    try {
      if (installed)
        found.set(locked.id, { ...declarationOf(installed.packageJson), ...(locked.signedBy && { publisher: locked.signedBy }) });
    } catch {
      // An old package without a valid block: nothing to compare with.
    }
  }
  return found;
}

/** Prints, for each plug whose version changed, what its declaration changed. */
export function logUpgradeChanges(
  log: (line: string) => void,
  before: Map<string, InstalledDeclaration>,
  after: Map<string, InstalledDeclaration>,
): void {
  for (const [id, now] of after) {
    const old = before.get(id);
    if (!old || old.version === now.version) continue;
    const changes = declarationChanges(old, now);
    log(
      `upgrade of plug ${id}: ${now.packageName} ${old.version} → ` +
        `${now.version}${changes.length ? "; its declaration changed:" : "; its declaration is the same"}`,
    );
    for (const line of changes) log(line);
  }
}
