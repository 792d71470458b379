import type { DeploymentNames } from "../../names.js";
import { viteVersion } from "../../web-versions.js";

/**
 * package.json: a private workspace package. Its dependencies are the runtime and (once added) the
 * plugs that plug.config.ts lists; the config helpers are built into dist/main.js, so a bundle
 * (`care bundle`, pnpm deploy --prod) never carries the CLI, nor the web build's tools (dist/web is
 * built). `files` is what a bundle takes along.
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
        // The server (dist/main.js), then the web app it serves (dist/web).
        build: "tsup && vite build",
        typecheck: "tsc --noEmit",
        start: "node --enable-source-maps dist/main.js",
        test: "vitest run",
        bundle: `care bundle -d ${deployment.name} --no-build`,
      },
      files: ["dist", "plug.config.ts", "plugs.lock.json"],
      dependencies: {
        // The SDK every plug names as a peer: one copy, the deployment's, for the plugs' server code and screens.
        "@care/plug-sdk": deployment.ranges["@care/plug-sdk"],
        "@care/runtime": deployment.ranges["@care/runtime"],
      },
      // The web build's: the app and Vite.
      devDependencies: {
        "@care/plug-manager": deployment.ranges["@care/plug-manager"],
        "@care/web": deployment.ranges["@care/web"],
        vite: viteVersion,
      },
    },
    null,
    2,
  )}\n`;
