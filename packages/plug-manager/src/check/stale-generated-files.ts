import { readFile } from "node:fs/promises";
import { problem, type AnyPlugDefinition, type Problem } from "@care/runtime/check-tooling";
import type { DeploymentConfig } from "../deployment-config.js";
import { generateManifest, type ResolvedPlug } from "../sync/generate-manifest.js";
import { generateUiManifest, uiManifestPath, uiPlugsOf } from "../sync/generate-ui-manifest.js";
import { generatePlugConfigTypes, plugConfigTypesPath } from "../sync/plug-config-types.js";
import { fromHere } from "../types/shown-path.js";

/**
 * The deployment's files `care sync` generates from plug.config.ts and the installed plugs, each
 * against what sync would write now: src/plugs.generated.ts (the manifest start loads, code
 * manifest_stale), src/plug-configs.generated.ts (the types `tsc` checks `configs` with, code
 * plug_config_types_stale) and src/ui.generated.ts (code ui_manifest_stale). A deployment without
 * plugs needs no config types file, nor one without plug interfaces a ui manifest.
 */
export async function staleGeneratedProblems(input: {
  deployment: string;
  deploymentDir: string;
  manifestFile: string;
  config: DeploymentConfig;
  plugs: (ResolvedPlug & { definition: AnyPlugDefinition })[];
}): Promise<Problem[]> {
  const { config, plugs } = input;
  const typesFile = plugConfigTypesPath(input.deploymentDir);
  const uiPlugs = uiPlugsOf(plugs, config);
  const expected = [
    { file: input.manifestFile, code: "manifest_stale", text: generateManifest(config, plugs), needed: true },
    {
      file: typesFile,
      code: "plug_config_types_stale",
      text: generatePlugConfigTypes(config, new Map(plugs.map((plug) => [plug.id, plug.packageName]))),
      needed: config.plugs.length > 0,
    },
    // The plug interfaces the web app bundles (ui_manifest_stale); needed once an enabled plug has one.
    { file: uiManifestPath(input.deploymentDir), code: "ui_manifest_stale", text: generateUiManifest(uiPlugs), needed: uiPlugs.length > 0 },
  ];
  const problems: Problem[] = [];
  for (const { file, code, text, needed } of expected) {
    const current = await readFile(file, "utf8").catch(() => undefined);
    if (current === text || (current === undefined && !needed)) continue;
    problems.push(
      problem(
        code,
        `${fromHere(file)} is not what \`care sync\` writes from plug.config.ts (${current === undefined ? "missing" : "stale"})`,
        {
          hint: `regenerate it: pnpm care sync -d ${input.deployment}`,
        },
      ),
    );
  }
  return problems;
}
