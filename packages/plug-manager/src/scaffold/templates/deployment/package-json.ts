import type { DeploymentNames } from "../../names.js";

/**
 * package.json: a private workspace package. Its dependencies are the runtime, the config helpers
 * and (once added) the plugs that plug.config.ts lists.
 */
export const packageJson = (deployment: DeploymentNames): string =>
  `${JSON.stringify(
    {
      name: deployment.packageName,
      version: "0.1.0",
      private: true,
      description: `The ${deployment.name} deployment of Care: the core with the plugs listed in plug.config.ts`,
      type: "module",
      scripts: {
        build: "tsup",
        typecheck: "tsc --noEmit",
        start: "node --enable-source-maps dist/main.js",
        test: "vitest run",
      },
      dependencies: {
        "@care/runtime": "workspace:^",
        "@care/plug-manager": "workspace:^",
      },
    },
    null,
    2,
  )}\n`;
