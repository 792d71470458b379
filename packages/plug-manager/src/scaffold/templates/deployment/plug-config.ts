import type { DeploymentNames } from "../../names.js";

/** plug.config.ts: which plugs the deployment runs, and their settings. */
export const plugConfig = (
  deployment: DeploymentNames,
): string => `// The ${deployment.name} deployment: the plugs it runs and their settings. It starts with none; add one with
// \`pnpm care plug add <package> -d ${deployment.name}\`, or list it here, e.g.
//   plug({ name: "hello", package: "@care-plugs/hello", version: "workspace:^", configs: { greeting: "Karibu" } }),
// (import \`plug\`, and \`env\` for secrets read at run time: \`env("NOTIFY_API_KEY")\`), then run
// \`pnpm care sync\` to update package.json and src/plugs.generated.ts.
import { defineDeployment } from "@care/plug-manager";

export default defineDeployment({
  name: "${deployment.name}",
  plugs: [],
});
`;
