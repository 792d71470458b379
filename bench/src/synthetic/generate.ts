import { mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DeliveryMode } from "@care/core";
import { baselineSchema, plugFiles, seenTable, syntheticId, syntheticPackage, visitsTable } from "./plug-files.js";

/** A generated deployment of N synthetic plugs, and the same features for the hand-wired baseline. */
export interface SyntheticDeployment {
  dir: string;
  count: number;
  mode: DeliveryMode;
  ids: string[];
  /** Default export: the DeploymentManifest, importing each plug by package name like plugs.generated.ts. */
  manifestUrl: string;
  /**
   * Exports `features` (id + the plug's feature.js) and `installSql`, for the hand-wired baseline;
   * `baselineSql` and `baselineSchema`, the core route's table of the routes measurement.
   */
  featuresUrl: string;
}

const benchModules = fileURLToPath(new URL("../../node_modules/", import.meta.url));

/**
 * Writes real ESM plug packages (plain .js, package.json with a care.plug block) into
 * `<dir>/node_modules/@bench-plugs/`, as `care sync` leaves them in a deployment, rather than
 * defining plugs in-process: start-up then pays for what a deployment pays for (resolving and
 * loading N packages, reading N migration folders). `@care/core`, `@care/runtime`, `@care/plug-sdk` and zod are symlinked
 * to the workspace packages so there is one copy of each, as in a deployment.
 */
export function generateDeployment(parent: string, count: number, mode: DeliveryMode): Promise<SyntheticDeployment> {
  const dir = join(parent, `deployment-${count}-${mode}`);
  // Measurements share a generated deployment within a run.
  let generated = generatedDirs.get(dir);
  if (!generated) generatedDirs.set(dir, (generated = writeDeployment(dir, count, mode)));
  return generated;
}

const generatedDirs = new Map<string, Promise<SyntheticDeployment>>();

/**
 * `<dir>/node_modules/@care/{core,runtime,plug-sdk}` and `zod`: links to the workspace packages, so
 * there is one copy of each. The plugs import @care/plug-sdk and zod, as a published plug does; zod is
 * plug-sdk's own, the copy the runtime validates with.
 */
export async function linkCarePackages(dir: string): Promise<void> {
  const modules = join(dir, "node_modules");
  await mkdir(join(modules, "@care"), { recursive: true });
  for (const name of ["core", "runtime", "plug-sdk"]) {
    await symlink(join(benchModules, "@care", name), join(modules, "@care", name), "dir").catch(ignoreExisting);
  }
  await symlink(join(benchModules, "@care/plug-sdk/node_modules/zod"), join(modules, "zod"), "dir").catch(ignoreExisting);
}

async function writeDeployment(dir: string, count: number, mode: DeliveryMode): Promise<SyntheticDeployment> {
  const modules = join(dir, "node_modules");
  await linkCarePackages(dir);
  const ids = Array.from({ length: count }, (_, index) => syntheticId(index));
  for (const id of ids) {
    for (const [path, text] of Object.entries(plugFiles(id, mode))) {
      const file = join(modules, syntheticPackage(id), path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
  }
  await writeFile(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  await writeFile(join(dir, "manifest.js"), manifestModule(ids));
  await writeFile(join(dir, "features.js"), featuresModule(ids, mode));
  return {
    dir,
    count,
    mode,
    ids,
    manifestUrl: pathToFileURL(join(dir, "manifest.js")).href,
    featuresUrl: pathToFileURL(join(dir, "features.js")).href,
  };
}

function manifestModule(ids: string[]): string {
  const imports = ids.map((id, index) => `import plug${index} from "${syntheticPackage(id)}";`);
  const entries = ids.map((id, index) => `    { id: "${id}", plug: plug${index} },`);
  return [...imports, "", "export default {", '  deployment: "bench",', "  plugs: [", ...entries, "  ],", "};", ""].join("\n");
}

/** What a hand-written app would hold: its feature modules, and one plain SQL script for their tables. */
function featuresModule(ids: string[], mode: DeliveryMode): string {
  const imports = ids.map((id, index) => `import * as feature${index} from "${syntheticPackage(id)}/feature.js";`);
  const entries = ids.map((id, index) => `  { id: "${id}", ...feature${index} },`);
  const script = ids
    .map((id) => `create schema if not exists plug_${id};\n${seenTable(`plug_${id}.seen`, true)}${visitsTable(`plug_${id}`, true)}`)
    .join("");
  // The core route that the plug's POST route is compared with writes a table of the same shape, as the app role.
  const baseline = `create schema if not exists ${baselineSchema};\n${visitsTable(baselineSchema, true)}`;
  return [
    ...imports,
    "",
    "export const features = [",
    ...entries,
    "];",
    "",
    `export const mode = ${JSON.stringify(mode)};`,
    `export const installSql = ${JSON.stringify(script)};`,
    `export const baselineSchema = ${JSON.stringify(baselineSchema)};`,
    `export const baselineSql = ${JSON.stringify(baseline)};`,
    "",
  ].join("\n");
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== "EEXIST") throw error;
}
