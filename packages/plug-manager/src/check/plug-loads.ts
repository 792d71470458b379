import type { DeploymentConfig, PlugEntry } from "../deployment-config.js";
import { asManifestPlugs, loadInstalledPlugs, type InstalledPlug } from "../sync/installed-plugs.js";
import type { PlugSource } from "../sync/plug-source.js";
import type { CheckCaches } from "./check-caches.js";
import { factsOfDefinition, standInDefinition, standsIn, type PlugFacts } from "./plug-facts.js";
import pLimit from "p-limit";

/** The deployment's plugs as the checks take them: imported, or standing in from their kept facts. */
export interface PlugLoads {
  /** In the config's order: the imported plugs and the stand-ins. */
  installed: InstalledPlug[];
  /** Why plugs could not be loaded (plug_not_loadable texts), in the config's order. */
  failures: string[];
  /** The stand-ins by id, with the facts they stand for. */
  standIns: Map<string, PlugFacts>;
  /** What was learnt of the plugs imported, by id: facts to keep (the later results are added to them). */
  learnt: Map<string, PlugFacts>;
}

/**
 * Each entry of plug.config.ts that the trust check let through: a stand-in (standInDefinition) when
 * its facts are kept, else imported, learning its facts when a stand-in would do for it.
 */
export async function loadPlugs(input: {
  deploymentDir: string;
  config: DeploymentConfig;
  entries: PlugEntry[];
  sources: Map<string, PlugSource>;
  coreVersion: string;
  caches: CheckCaches | undefined;
}): Promise<PlugLoads> {
  const { caches } = input;
  const standIns = new Map<string, PlugFacts>();
  const learnt = new Map<string, PlugFacts>();
  const loadOne = async (entry: PlugEntry): Promise<{ plug?: InstalledPlug; failed?: string }> => {
    const keyed = caches?.plugs.get(entry.name);
    const known = keyed && caches?.factsOf(entry.name);
    if (keyed && known) {
      standIns.set(entry.name, known);
      return { plug: { id: entry.name, packageName: keyed.packageName, dir: keyed.dir, definition: standInDefinition(known) } };
    }
    const { plug, failed } = await importPlug(input, entry);
    if (plug && keyed?.dir === plug.dir) {
      const facts = factsOfDefinition(plug.definition);
      if (standsIn(plug.definition, facts, asManifestPlugs([plug], input.config)[0]!, input.coreVersion)) learnt.set(plug.id, facts);
    }
    return { plug, failed };
  };
  const limit = pLimit(plugsLoadedAtOnce);
  const loads = await Promise.all(input.entries.map((entry) => limit(() => loadOne(entry))));
  return {
    installed: loads.flatMap((load) => (load.plug ? [load.plug] : [])),
    failures: loads.flatMap((load) => (load.failed === undefined ? [] : [load.failed])),
    standIns,
    learnt,
  };
}

/** One plug imported as loadInstalledPlugs imports it: the plug, or why it could not be loaded. */
export async function importPlug(
  input: { deploymentDir: string; config: DeploymentConfig; sources: Map<string, PlugSource> },
  entry: PlugEntry,
): Promise<{ plug?: InstalledPlug; failed?: string }> {
  const { plugs, problems } = await loadInstalledPlugs(input.deploymentDir, { ...input.config, plugs: [entry] }, input.sources);
  return { plug: plugs[0], failed: problems[0] };
}

/** Enough to overlap reading one plug with compiling another. */
const plugsLoadedAtOnce = 16;
