import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
  isPlug: boolean;
}

/** The packages of the workspace folders (packages/*, plugs/*, apps/*), by name. */
export async function workspacePackages(root: string): Promise<Map<string, WorkspacePackage>> {
  const found = new Map<string, WorkspacePackage>();
  for (const group of ["packages", "plugs", "apps"]) {
    const entries = await readdir(join(root, group), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, group, entry.name);
      const json = await readFile(join(dir, "package.json"), "utf8").catch(() => undefined);
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
