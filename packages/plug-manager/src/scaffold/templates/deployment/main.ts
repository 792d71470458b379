import type { DeploymentNames } from "../../names.js";

/** src/main.ts: starts the deployment (settings from the environment) and stops it on SIGINT/SIGTERM. */
export const main = (_deployment: DeploymentNames): string => `import { runDeployment } from "@care/runtime";
import manifest from "./plugs.generated.js";

await runDeployment(manifest);
`;
