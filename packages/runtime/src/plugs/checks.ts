import semver from "semver";
import type { DeploymentManifest } from "../manifest.js";
import { plugIdPattern, readPlugBlock } from "../plug-block.js";
import { undeclaredHookProblems } from "./declared-hooks.js";
import type { LoadedPlug } from "./loaded-plug.js";
import { literalSecretProblems } from "../secrets/literal-secrets.js";

export class PlugCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`the deployment's plugs have ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  }
}

/**
 * Everything knowable before the database is touched: each plug's package, unique ids, the core
 * range, dependencies and their ranges, no cycles. Returns the plugs in start order (dependencies
 * first), or throws with every problem found.
 */
export function checkPlugs(manifest: DeploymentManifest, coreVersion: string): LoadedPlug[] {
  const problems: string[] = [];
  const loaded: LoadedPlug[] = [];
  manifest.plugs.forEach((entry, index) => {
    const definition = entry.plug;
    if (definition?.kind !== "care-plug") {
      problems.push(`plugs[${index}] is not a plug: use the default export of a package made with definePlug`);
      return;
    }
    const name = definition.package?.name ?? `plugs[${index}]`;
    let block;
    try {
      block = readPlugBlock(definition.package);
    } catch (error) {
      problems.push((error as Error).message);
      return;
    }
    const id = entry.id ?? block.id;
    if (!plugIdPattern.test(id)) problems.push(`${name}: id "${id}" is not a plug id (1-32 lowercase letters, digits or '_', starting with a letter)`);
    if (!semver.valid(definition.package.version)) problems.push(`${name}: version "${definition.package.version}" is not a semver version`);
    problems.push(...undeclaredHookProblems(id, name, definition, block));
    problems.push(...literalSecretProblems(id, definition.config, entry.configs));
    const duplicate = loaded.find((other) => other.id === id);
    if (duplicate) problems.push(`plug id "${id}" is used twice: by ${duplicate.packageName} and ${name}; give one another id`);
    const enabled = entry.enabled !== false;
    // A switched-off plug runs none of its code: switching it off is how to upgrade the core before it.
    if (enabled && semver.valid(definition.package.version) && !semver.satisfies(coreVersion, block.core, { includePrerelease: true })) {
      problems.push(`plug ${id} (${name}@${definition.package.version}) supports core ${block.core}, but this core is ${coreVersion}`);
    }
    loaded.push({ id, packageName: name, version: definition.package.version, block, definition, configs: entry.configs, required: entry.required === true, enabled });
  });

  const byOwnId = new Map<string, LoadedPlug>();
  for (const plug of loaded) if (!byOwnId.has(plug.block.id)) byOwnId.set(plug.block.id, plug);
  for (const plug of loaded) {
    for (const [dependency, range] of Object.entries(plug.block.dependencies)) {
      const found = byOwnId.get(dependency);
      if (!found) problems.push(`plug ${plug.id} needs plug ${dependency} (${range}), which this deployment does not list`);
      else if (!semver.satisfies(found.version, range, { includePrerelease: true })) {
        problems.push(`plug ${plug.id} needs ${dependency} ${range}, but the deployment has ${dependency} ${found.version}`);
      } else if (plug.enabled && !found.enabled) {
        problems.push(`plug ${plug.id} needs plug ${found.id}, which plug.config.ts switches off (enabled: false); switch ${plug.id} off too, or ${found.id} on`);
      }
    }
  }
  if (problems.length > 0) throw new PlugCheckError(problems);

  const cycle = findCycle(loaded, byOwnId);
  if (cycle) throw new PlugCheckError([`plugs depend on each other in a cycle: ${cycle.join(" → ")}; break it`]);
  return startOrder(loaded, byOwnId);
}

const dependenciesOf = (plug: LoadedPlug, byOwnId: Map<string, LoadedPlug>) =>
  Object.keys(plug.block.dependencies).map((id) => byOwnId.get(id)!);

function findCycle(plugs: LoadedPlug[], byOwnId: Map<string, LoadedPlug>): string[] | undefined {
  const state = new Map<LoadedPlug, "visiting" | "done">();
  const path: LoadedPlug[] = [];
  const visit = (plug: LoadedPlug): string[] | undefined => {
    if (state.get(plug) === "done") return undefined;
    if (state.get(plug) === "visiting") return [...path.slice(path.indexOf(plug)), plug].map((entry) => entry.id);
    state.set(plug, "visiting");
    path.push(plug);
    for (const dependency of dependenciesOf(plug, byOwnId)) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(plug, "done");
    return undefined;
  };
  for (const plug of plugs) {
    const cycle = visit(plug);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Dependencies first; otherwise the manifest's order. */
function startOrder(plugs: LoadedPlug[], byOwnId: Map<string, LoadedPlug>): LoadedPlug[] {
  const ordered: LoadedPlug[] = [];
  const placed = new Set<LoadedPlug>();
  const place = (plug: LoadedPlug) => {
    if (placed.has(plug)) return;
    placed.add(plug);
    dependenciesOf(plug, byOwnId).forEach(place);
    ordered.push(plug);
  };
  plugs.forEach(place);
  return ordered;
}
