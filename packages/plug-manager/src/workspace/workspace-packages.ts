import { readdirSync, readFileSync, type Dirent } from "node:fs";
import { join } from "node:path";

export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
  isPlug: boolean;
}

/**
 * The packages of the workspace folders (packages/*, plugs/*, apps/*), by name. Read synchronously:
 * one small file per package, where each awaited read costs four trips through libuv's pool (at 500
 * plugs, a sixth of a warm `care check`).
 */
export async function workspacePackages(root: string): Promise<Map<string, WorkspacePackage>> {
  const found = new Map<string, WorkspacePackage>();
  for (const group of ["packages", "plugs", "apps"]) {
    const entries = attempt((): Dirent[] => readdirSync(join(root, group), { withFileTypes: true })) ?? [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, group, entry.name);
      const json = attempt(() => readFileSync(join(dir, "package.json"), "utf8"));
      if (!json) continue;
      const manifest = JSON.parse(json) as { name?: string; version?: string; care?: { plug?: unknown } };
      if (manifest.name)
        found.set(manifest.name, {
          name: manifest.name,
          version: manifest.version ?? "0.0.0",
          dir,
          isPlug: manifest.care?.plug !== undefined,
        });
    }
  }
  return found;
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
