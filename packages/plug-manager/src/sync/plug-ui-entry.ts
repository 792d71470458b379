import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { problem, readPlugBlock, type AnyPlugDefinition, type Problem } from "@care/runtime/check-tooling";
import type { DeploymentConfig } from "../deployment-config.js";

export type Exports = string | { [key: string]: Exports } | null | undefined;

/** The file a subpath export loads in a browser build: its `import` (or `default`) target. */
export function importTarget(exports: Exports, subpath: string): string | undefined {
  if (typeof exports !== "object" || exports === null) return undefined;
  let entry = exports[subpath];
  while (typeof entry === "object" && entry !== null) entry = entry.import ?? entry.browser ?? entry.default;
  return typeof entry === "string" ? entry : undefined;
}

/**
 * Problems (code plug_ui_missing) of the plugs whose care.plug block declares a web interface that
 * cannot be loaded: a subpath their package.json `exports` does not define, or whose file is not built.
 */
export async function plugUiProblems(
  plugs: { id: string; dir: string; definition: AnyPlugDefinition }[],
  config: DeploymentConfig,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  // A switched-off plug shows nothing in the app, so its interface is not needed.
  const switchedOff = new Set(config.plugs.filter((entry) => entry.enabled === false).map((entry) => entry.name));
  for (const plug of plugs.filter((candidate) => !switchedOff.has(candidate.id))) {
    const { ui } = readPlugBlock(plug.definition.package);
    if (!ui) continue;
    const manifest = JSON.parse(await readFile(join(plug.dir, "package.json"), "utf8")) as { name: string; exports?: Exports };
    const target = importTarget(manifest.exports, ui);
    if (target === undefined) {
      problems.push(
        problem("plug_ui_missing", `plug ${plug.id}: care.plug.ui is "${ui}", but ${manifest.name}'s package.json exports no "${ui}"`, {
          plug: plug.id,
          hint: `add "${ui}": { "types": "./dist/ui/index.d.ts", "import": "./dist/ui/index.js" } to its "exports", or remove care.plug.ui`,
        }),
      );
    } else if (!existsSync(join(plug.dir, target))) {
      problems.push(
        problem("plug_ui_missing", `plug ${plug.id}: its web interface ${target} ("${ui}" of ${manifest.name}) does not exist`, {
          plug: plug.id,
          hint: "build the plug (its tsup entry src/ui/index.tsx), or ask its publisher for a package that contains it",
        }),
      );
    }
  }
  return problems;
}
