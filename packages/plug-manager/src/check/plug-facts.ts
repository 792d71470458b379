import { checkPlugs, PlugCheckError, type AnyPlugDefinition, type ManifestPlug, type Problem } from "@care/runtime/check-tooling";
import { isProblemList } from "./cached-problems.js";

/**
 * What `care check` learns of one plug by importing its code, kept by content (plug-fact-key.ts), so
 * that a later run need not import it: what the checks read of its definition, and the problems
 * found with it so far. A plug that does not load keeps nothing: its failure may not be its files' doing.
 */
export interface PlugFacts {
  /** Its definition's package as the checks read it: name, version, care.plug. */
  package: { name?: unknown; version?: unknown; care?: { plug?: unknown } };
  /** The hooks its definition has (functions), by name. */
  hooks: string[];
  /** Its problems and notes from resolving its configs: known once the deployment's plugs passed checkPlugs. */
  configProblems?: Problem[];
  /** Its table types and migration problems: known once the deployment's plugs passed checkPlugs. */
  tablesProblems?: Problem[];
}

/** What a run learnt from the definition it imported (the later results are added as they are found). */
export function factsOfDefinition(definition: AnyPlugDefinition): PlugFacts {
  const carried = (definition.package ?? {}) as NonNullable<PlugFacts["package"]>;
  const hooks = Object.entries(definition.hooks ?? {}).filter(([, hook]) => typeof hook === "function");
  return {
    package: { name: carried.name, version: carried.version, care: { plug: carried.care?.plug } },
    hooks: hooks.map(([name]) => name),
  };
}

/**
 * A definition made of the facts alone, for checks over the whole deployment (ids, dependencies,
 * cycles, generated files): what they read of a definition, and nothing to run.
 */
export function standInDefinition(facts: PlugFacts): AnyPlugDefinition {
  const hooks = Object.fromEntries(facts.hooks.map((name) => [name, standInHook]));
  return { kind: "care-plug", package: facts.package, hooks } as unknown as AnyPlugDefinition;
}

const standInHook = () => {
  throw new Error("a stand-in definition's hook never runs");
};

/**
 * Whether the stand-in gives checkPlugs exactly the problems the real definition gives, for this
 * entry of plug.config.ts: its own problems (id, version, contract, hooks, secrets written into
 * plug.config.ts...) are all a plug adds to the deployment's, the rest comes from its package.
 * When not (today: a secret written as a value, which only the config schema can tell), the plug is
 * imported at every run.
 */
export function standsIn(definition: AnyPlugDefinition, facts: PlugFacts, entry: ManifestPlug, coreVersion: string): boolean {
  const ownProblems = (plug: AnyPlugDefinition) => {
    try {
      checkPlugs({ deployment: "", plugs: [{ ...entry, plug }] }, coreVersion);
      return "[]";
    } catch (error) {
      return error instanceof PlugCheckError ? JSON.stringify(error.found) : undefined;
    }
  };
  const real = ownProblems(definition);
  // As it will be read back from the cache.
  return real !== undefined && real === ownProblems(standInDefinition(JSON.parse(JSON.stringify(facts)) as PlugFacts));
}

/** Whether a value read back from the cache is facts as written: anything else is checked afresh. */
export function isPlugFacts(value: unknown): value is PlugFacts {
  if (typeof value !== "object" || value === null) return false;
  const facts = value as Record<keyof PlugFacts, unknown>;
  const block = facts.package as { care?: unknown } | undefined;
  return (
    typeof block === "object" &&
    block !== null &&
    typeof block.care === "object" &&
    block.care !== null &&
    Array.isArray(facts.hooks) &&
    facts.hooks.every((name) => typeof name === "string") &&
    (facts.configProblems === undefined || isProblemList(facts.configProblems)) &&
    (facts.tablesProblems === undefined || isProblemList(facts.tablesProblems))
  );
}
