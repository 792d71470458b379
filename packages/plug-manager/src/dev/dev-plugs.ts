import type { PlugsLock } from "../sync/lockfile.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import type { DevPlug } from "./watch-changes.js";

/** The workspace plugs a synced deployment runs (its plugs.lock.json's workspace lines), with their folders. */
export async function workspacePlugsOf(root: string, lock: PlugsLock | undefined): Promise<DevPlug[]> {
  const workspace = await workspacePackages(root);
  return (lock?.plugs ?? []).flatMap((line) => {
    const found = line.source === "workspace" ? workspace.get(line.package) : undefined;
    return found ? [{ id: line.id, packageName: line.package, dir: found.dir }] : [];
  });
}
