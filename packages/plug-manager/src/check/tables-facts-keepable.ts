import { isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadedPlug } from "@care/runtime/check-tooling";
import type { PlugSource } from "../sync/plug-source.js";
import type { WorkspacePackage } from "../workspace/workspace-packages.js";
import { realPath } from "./real-path.js";

/**
 * Whether a plug's table and migration results follow from what its key covers (the files of its
 * folder `dir`): its migrations folder and, for a workspace plug, its workspace folder are that
 * folder's, and it has no TypeScript upgrade steps (code that can read anything). Else they are
 * found afresh at every run.
 */
export function tablesFactsKeepable(
  plug: LoadedPlug,
  dir: string,
  sources: Map<string, PlugSource>,
  workspace: Map<string, WorkspacePackage>,
): boolean {
  if (Object.keys(plug.definition.upgrades ?? {}).length > 0) return false;
  const migrations = plug.definition.migrations;
  const folder = migrations === undefined ? undefined : resolve(typeof migrations === "string" ? migrations : fileURLToPath(migrations));
  if (folder !== undefined && !isInside(dir, realPath(folder) ?? folder)) return false;
  const source = sources.get(plug.id);
  const local = source?.kind === "workspace" ? workspace.get(source.packageName) : undefined;
  return local === undefined || realPath(local.dir) === dir;
}

/** Inside `dir`, and not in its node_modules (which a workspace plug's digest leaves out). */
function isInside(dir: string, path: string): boolean {
  const inner = relative(dir, path);
  return !isAbsolute(inner) && inner.split(/[\\/]/)[0] !== ".." && inner.split(/[\\/]/)[0] !== "node_modules";
}
