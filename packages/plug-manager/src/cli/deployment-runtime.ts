import { join } from "node:path";
import { isDataFolderError, openDatabase, type CareDatabase } from "@care/core";
import { preparePlugs, readSettings, type DeploymentManifest, type PreparedPlugs, type Settings } from "@care/runtime/tooling";
import pino from "pino";
import { CareCliError } from "../cli-error.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { importTypeScript } from "../workspace/load-typescript.js";

/** The commands that open a deployment's database from outside it. */
export type DeploymentCommand = "migrate" | "status" | "plug reset" | "plug purge" | "deliveries" | "backup" | "restore";

/** A deployment's manifest and database, as `care migrate` and `care status` need them. */
export async function openDeployment(
  root: string,
  name: string,
  command: DeploymentCommand,
): Promise<{ prepared: PreparedPlugs; database: CareDatabase; settings: Settings; close(): Promise<void> }> {
  const paths = deploymentPaths(root, name);
  if (!deploymentExists(paths))
    throw new CareCliError(`no deployment "${name}": ${paths.config} does not exist`, { code: "deployment_missing" });
  const manifest = await importTypeScript<DeploymentManifest>(paths.manifest).catch((error: Error) => {
    throw new CareCliError(`${paths.manifest} could not be loaded (${error.message}); run \`pnpm care sync -d ${name}\` first`, {
      code: "manifest_unloadable",
    });
  });
  // The same data folder `pnpm start` in the deployment's folder uses.
  const env = { ...process.env, CARE_DATA_DIR: process.env.CARE_DATA_DIR || join(paths.dir, ".care", name, "data") };
  const settings = readSettings(name, env);
  const prepared = await preparePlugs(manifest, env);
  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir }).catch((error: unknown) => {
    throw explainRefusal(error, name, command);
  });
  return { prepared, database, settings, close: () => database.close() };
}

/** A refused data folder, said for this command: a running deployment holds its folder. */
function explainRefusal(error: unknown, name: string, command: DeploymentCommand): unknown {
  if (!isDataFolderError(error)) return error;
  if (error.code !== "data_folder_in_use") return new CareCliError(error.message, { code: error.code, cause: error });
  const hint =
    command === "status"
      ? `read it safely through the running deployment: GET <its URL>/health/ready lists each plug with its version and state, and ` +
        `its API under /api/v1 serves the data; or stop the deployment and run \`pnpm care status -d ${name}\` again`
      : command === "plug reset" || command === "plug purge"
        ? `stop the deployment first, then run \`pnpm care ${command}\` again`
        : command === "backup" || command === "restore"
          ? `stop the deployment first (it backs itself up before each migration it runs), then run \`pnpm care ${command}\` again`
          : command === "deliveries"
            ? `act through the running deployment as an administrator: GET <its URL>/api/v1/deliveries lists them, POST ` +
              `/api/v1/deliveries/retry and /api/v1/deliveries/discard act on them; or stop the deployment and run \`pnpm care ` +
              `deliveries -d ${name}\` again`
            : `a deployment migrates its database itself as it starts: stop it, then run \`pnpm care migrate -d ${name}\`, or ` +
              `simply start the new build`;
  return new CareCliError(
    `the data folder ${error.path} is in use by ${error.holder}; \`care ${command}\` cannot open it while the deployment runs`,
    {
      code: error.code,
      hint,
      cause: error,
    },
  );
}

export const quietLogger = () => pino({ level: "warn" });
