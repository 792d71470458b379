// What the benchmarks use of the CLI's own steps, so they run `care sync`'s manifest stage and lay out a
// deployment the way `care deployment new` does without reaching into this package's source files.
// Deployments import "@care/plug-manager"; this entry is "@care/plug-manager/tooling" and may change with
// any release of the CLI.
export { tsupConfig } from "./scaffold/templates/deployment/tsup-config.js";
export { generateManifest } from "./sync/generate-manifest.js";
export { generatePlugConfigTypes, plugConfigTypesPath } from "./sync/plug-config-types.js";
export { asManifestPlugs, loadInstalledPlugs } from "./sync/installed-plugs.js";
export { loadDeploymentConfig } from "./sync/load-config.js";
export { type PlugsLock, workspaceIntegrity } from "./sync/lockfile.js";
export { type PlugSource, resolvePlugSource } from "./sync/plug-source.js";
export { asOneError, checkPlugsBeforeImport } from "./sync/trust-before-import.js";
export { deploymentPaths } from "./workspace/deployment-paths.js";
export { workspacePackages } from "./workspace/workspace-packages.js";
