import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The workspace root: the nearest folder upwards holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(from: string = process.cwd()): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
