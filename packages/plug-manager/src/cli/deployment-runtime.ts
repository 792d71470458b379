import { join } from "node:path";
import { openDatabase, type CareDatabase } from "@care/core";
import { preparePlugs, readSettings, type DeploymentManifest, type PreparedPlugs } from "@care/runtime";
import pino from "pino";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { importTypeScript } from "../workspace/load-typescript.js";

/** A deployment's manifest and database, as `care migrate` and `care status` need them. */
export async function openDeployment(root: string, name: string): Promise<{ prepared: PreparedPlugs; database: CareDatabase; close(): Promise<void> }> {
  const paths = deploymentPaths(root, name);
  if (!deploymentExists(paths)) throw new Error(`no deployment "${name}": ${paths.config} does not exist`);
  const manifest = await importTypeScript<DeploymentManifest>(paths.manifest).catch((error: Error) => {
    throw new Error(`${paths.manifest} could not be loaded (${error.message}); run \`pnpm care sync -d ${name}\` first`);
  });
  // The same data folder `pnpm start` in the deployment's folder uses.
  const env = { ...process.env, CARE_DATA_DIR: process.env.CARE_DATA_DIR || join(paths.dir, ".care", name, "data") };
  const settings = readSettings(name, env);
  const prepared = await preparePlugs(manifest, env);
  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir });
  return { prepared, database, close: () => database.close() };
}

export const quietLogger = () => pino({ level: "warn" });
