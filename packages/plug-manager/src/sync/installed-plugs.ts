import { readFile, realpath } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import pLimit from "p-limit";
import { readPlugBlock, type AnyPlugDefinition, type ManifestPlug } from "@care/runtime/check-tooling";
import type { DeploymentConfig } from "../deployment-config.js";
import { CareCliError } from "../cli-error.js";

export interface InstalledPlug {
  id: string;
  packageName: string;
  dir: string;
  definition: AnyPlugDefinition;
}

/** Each plug of the config as installed in the deployment's node_modules, with its definition loaded. */
export async function loadInstalledPlugs(
  deploymentDir: string,
  config: DeploymentConfig,
  sources?: Map<string, { packageName: string }>,
): Promise<{ plugs: InstalledPlug[]; problems: string[] }> {
  const loadOne = async (entry: DeploymentConfig["plugs"][number]): Promise<InstalledPlug | string> => {
    // A local archive's package name is inside the archive; sync resolved it.
    const name = sources?.get(entry.name)?.packageName ?? entry.package;
    try {
      const dir = await realpath(join(deploymentDir, "node_modules", name)).catch(() => {
        throw new CareCliError(`${name} is not installed in the deployment; run \`pnpm care sync\``, { code: "plug_not_installed" });
      });
      const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
      readPlugBlock(manifest);
      const module = (await import(pathToFileURL(join(dir, manifest.main ?? "dist/index.js")).href)) as { default?: AnyPlugDefinition };
      if (module.default?.kind !== "care-plug")
        throw new CareCliError(`${name} does not default-export a definePlug(...) plug`, { code: "plug_not_a_plug" });
      // The checks read the block the code carries; it must be the package.json that was reviewed and signed.
      const carried = module.default.package as { name?: string; version?: string; care?: { plug?: unknown } } | undefined;
      if (
        carried?.name !== manifest.name ||
        carried?.version !== manifest.version ||
        !isDeepStrictEqual(carried?.care?.plug, manifest.care?.plug)
      ) {
        throw new CareCliError(
          `${name}: its code declares another name, version or care.plug block than its package.json; its publisher must build it ` +
            `from the package.json it ships (definePlug({ package: manifest }))`,
          { code: "plug_declaration_changed" },
        );
      }
      return { id: entry.name, packageName: name, dir, definition: module.default };
    } catch (error) {
      return `plug ${entry.name}: ${(error as Error).message}`;
    }
  };
  // Loaded side by side (the module loader reads and compiles while others wait on the disk), kept in the config's order.
  const limit = pLimit(plugsLoadedAtOnce);
  const outcomes = await Promise.all(config.plugs.map((entry) => limit(() => loadOne(entry))));
  const plugs = outcomes.filter((outcome): outcome is InstalledPlug => typeof outcome !== "string");
  const problems = outcomes.filter((outcome): outcome is string => typeof outcome === "string");
  return { plugs, problems };
}

/** Enough to overlap reading one plug with compiling another. */
const plugsLoadedAtOnce = 16;

export const asManifestPlugs = (plugs: InstalledPlug[], config: DeploymentConfig): ManifestPlug[] =>
  plugs.map((plug) => {
    const entry = config.plugs.find((candidate) => candidate.name === plug.id);
    // Whether it is switched on decides what the checks ask of it (a running plug may not need a switched-off one).
    return { id: plug.id, plug: plug.definition, configs: entry?.configs, ...(entry?.enabled === false && { enabled: false }) };
  });
