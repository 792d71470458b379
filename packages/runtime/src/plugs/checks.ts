import semver from "semver";
import type { DeploymentManifest } from "../manifest.js";
import { type PlugBlock, plugIdPattern, readPlugBlock } from "../plug-block.js";
import { contractProblems } from "./contract-problems.js";
import { undeclaredHookProblems } from "./declared-hooks.js";
import type { LoadedPlug } from "./loaded-plug.js";
import { literalSecretProblems } from "../secrets/literal-secrets.js";
import { careCodeOf } from "../errors/coded-error.js";
import { describeProblem, problem, type Problem } from "../errors/problem.js";

/** Every problem a check found, each with its own code (`found`); `problems` holds their messages. */
export class PlugCheckError extends Error {
  readonly code = "plug_check_failed";
  constructor(readonly found: Problem[]) {
    super(
      `the deployment's plugs have ${found.length} problem(s):\n  ` +
        found.map((each) => describeProblem(each).replace(/\n/g, "\n  ")).join("\n  "),
    );
  }

  get problems(): string[] {
    return this.found.map((each) => each.message);
  }
}

/**
 * Everything knowable before the database is touched: each plug's package, unique ids, the core
 * range, dependencies and their ranges, no cycles. Returns the plugs in start order (dependencies
 * first), or throws with every problem found.
 */
export function checkPlugs(manifest: DeploymentManifest, coreVersion: string): LoadedPlug[] {
  const problems: Problem[] = [];
  const loaded: LoadedPlug[] = [];
  manifest.plugs.forEach((entry, index) => {
    const definition = entry.plug;
    if (definition?.kind !== "care-plug") {
      problems.push(problem("plug_not_a_plug", `plugs[${index}] is not a plug: use the default export of a package made with definePlug`));
      return;
    }
    const name = definition.package?.name ?? `plugs[${index}]`;
    let block: PlugBlock;
    try {
      block = readPlugBlock(definition.package);
    } catch (error) {
      problems.push(problem(careCodeOf(error) ?? "plug_block_invalid", (error as Error).message));
      return;
    }
    const id = entry.id ?? block.id;
    if (!plugIdPattern.test(id))
      problems.push(
        problem("plug_id_invalid", `${name}: id "${id}" is not a plug id (1-32 lowercase letters, digits or '_', starting with a letter)`, {
          plug: id,
        }),
      );
    if (!semver.valid(definition.package.version))
      problems.push(
        problem("plug_version_invalid", `${name}: version "${definition.package.version}" is not a semver version`, { plug: id }),
      );
    problems.push(...contractProblems(id, name, definition.package.version, block));
    problems.push(
      ...undeclaredHookProblems(id, name, definition, block).map((text) => problem("plug_hook_undeclared", text, { plug: id })),
    );
    problems.push(
      ...literalSecretProblems(id, definition.config, entry.configs).map((text) => problem("config_secret_literal", text, { plug: id })),
    );
    const duplicate = loaded.find((other) => other.id === id);
    if (duplicate)
      problems.push(
        problem("plug_id_duplicate", `plug id "${id}" is used twice: by ${duplicate.packageName} and ${name}; give one another id`, {
          plug: id,
        }),
      );
    const enabled = entry.enabled !== false;
    // A switched-off plug runs none of its code: switching it off is how to upgrade the core before it.
    if (enabled && semver.valid(definition.package.version) && !semver.satisfies(coreVersion, block.core, { includePrerelease: true })) {
      problems.push(
        problem(
          "plug_core_incompatible",
          `plug ${id} (${name}@${definition.package.version}) supports core ${block.core}, but this core is ${coreVersion}`,
          { plug: id },
        ),
      );
    }
    loaded.push({
      id,
      packageName: name,
      version: definition.package.version,
      block,
      definition,
      configs: entry.configs,
      required: entry.required === true,
      enabled,
    });
  });

  const byOwnId = new Map<string, LoadedPlug>();
  for (const plug of loaded) if (!byOwnId.has(plug.block.id)) byOwnId.set(plug.block.id, plug);
  for (const plug of loaded) {
    for (const [dependency, range] of Object.entries(plug.block.dependencies)) {
      const found = byOwnId.get(dependency);
      if (!found)
        problems.push(
          problem("plug_dependency_missing", `plug ${plug.id} needs plug ${dependency} (${range}), which this deployment does not list`, {
            plug: plug.id,
          }),
        );
      else if (!semver.satisfies(found.version, range, { includePrerelease: true })) {
        problems.push(
          problem(
            "plug_dependency_incompatible",
            `plug ${plug.id} needs ${dependency} ${range}, but the deployment has ${dependency} ${found.version}`,
            { plug: plug.id },
          ),
        );
      } else if (plug.enabled && !found.enabled) {
        problems.push(
          problem(
            "plug_dependency_disabled",
            `plug ${plug.id} needs plug ${found.id}, which plug.config.ts switches off (enabled: false); ` +
              `switch ${plug.id} off too, or ${found.id} on`,
            { plug: plug.id },
          ),
        );
      }
    }
  }
  if (problems.length > 0) throw new PlugCheckError(problems);

  const cycle = findCycle(loaded, byOwnId);
  if (cycle)
    throw new PlugCheckError([problem("plug_dependency_cycle", `plugs depend on each other in a cycle: ${cycle.join(" → ")}; break it`)]);
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
