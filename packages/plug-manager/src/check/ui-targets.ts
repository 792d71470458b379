import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readPlugBlock, type AnyPlugDefinition } from "@care/runtime/check-tooling";
import type { DeploymentConfig } from "../deployment-config.js";
import { importTarget, type Exports } from "../sync/plug-ui-entry.js";

/**
 * The files plugUiProblems looks for (each enabled plug's web interface, by its package.json
 * `exports`), and whether each exists now. A kept result holds them: a path its plug's files do
 * not cover (an export pointing outside its folder) is looked at again before the result is used.
 */
export async function uiTargetsLookedAt(
  plugs: { id: string; dir: string; definition: AnyPlugDefinition }[],
  config: DeploymentConfig,
): Promise<[string, boolean][]> {
  const switchedOff = new Set(config.plugs.filter((entry) => entry.enabled === false).map((entry) => entry.name));
  const looked: [string, boolean][] = [];
  for (const plug of plugs.filter((candidate) => !switchedOff.has(candidate.id))) {
    const { ui } = readPlugBlock(plug.definition.package);
    if (!ui) continue;
    const manifest = JSON.parse(await readFile(join(plug.dir, "package.json"), "utf8")) as { exports?: Exports };
    const target = importTarget(manifest.exports, ui);
    if (target !== undefined) looked.push([join(plug.dir, target), existsSync(join(plug.dir, target))]);
  }
  return looked;
}
