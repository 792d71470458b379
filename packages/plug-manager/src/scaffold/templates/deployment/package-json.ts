import type { DeploymentNames } from "../../names.js";

/**
 * package.json: a private workspace package. Its dependencies are the runtime and (once added) the
 * plugs that plug.config.ts lists; the config helpers are built into dist/main.js, so a bundle
 * (`care bundle`, pnpm deploy --prod) never carries the CLI. `files` is what a bundle takes along.
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
        bundle: `care bundle -d ${deployment.name} --no-build`,
      },
      files: ["dist", "plug.config.ts", "plugs.lock.json"],
      dependencies: {
        "@care/runtime": deployment.ranges["@care/runtime"],
      },
      devDependencies: {
        "@care/plug-manager": deployment.ranges["@care/plug-manager"],
      },
    },
    null,
    2,
  )}\n`;
