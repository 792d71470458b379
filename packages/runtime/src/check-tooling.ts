// What `care check` needs of the runtime before any plug runs: the plug checks, config resolution,
// problems and the trust listing. A subset of "@care/runtime/tooling" that loads no server, database
// or migration code, so the CLI's check path starts in a fraction of the time; same objects, so
// `instanceof` holds across both entries.
export { checkPlugs, PlugCheckError } from "./plugs/checks.js";
export { resolveConfigs } from "./plugs/config.js";
export { CodedError, careCodeOf, hintOf } from "./errors/coded-error.js";
export { describeProblem, problem, type Problem } from "./errors/problem.js";
export { readPlugBlock, plugBlockSchema, plugIdPattern, plugIdSchema, type PlugBlock } from "./plug-block.js";
export type { LoadedPlug } from "./plugs/loaded-plug.js";
export type { DeploymentManifest, ManifestPlug } from "./manifest.js";
export { env, type AnyPlugDefinition, type EnvReference } from "@care/plug-api";
export * from "./trust/index.js";
