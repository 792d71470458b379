import type { PlugNames } from "../../names.js";
import { plugUiDevDependencies, plugUiPeers } from "../../web-versions.js";

/** package.json: npm metadata (shown on the admin page) and the `care.plug` block that makes it a plug. */
export const packageJson = (plug: PlugNames): string =>
  `${JSON.stringify(
    {
      name: plug.packageName,
      version: "0.1.0",
      description: `${plug.title}: a Care plug (say here what it adds; the admin page shows this line)`,
      license: "Apache-2.0",
      author: "Care Plugs",
      homepage: `https://github.com/care-plugs/care-plugs/tree/main/plugs/${plug.id}`,
      type: "module",
      main: "./dist/index.js",
      types: "./dist/index.d.ts",
      exports: {
        ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
        "./ui": { types: "./dist/ui/index.d.ts", import: "./dist/ui/index.js" },
        "./package.json": "./package.json",
      },
      files: ["dist", "migrations"],
      care: {
        // What a site reviews before adding the plug: the core columns its SQL reads (its install.sql
        // references patients and facilities by id), the hooks its code has, the outside hosts it calls.
        // `contract`: the plug contract (@care/plug-sdk's contractVersion) it is built against.
        // `ui`: the export with its screens (src/ui/index.tsx), which the deployment's web app shows.
        plug: {
          id: plug.id,
          core: ">=0.1.0 <1.0.0",
          contract: "^1.0.0",
          dependencies: {},
          coreReads: { patients: ["id"], facilities: ["id"] },
          hooks: [],
          hosts: [],
          ui: "./ui",
        },
      },
      scripts: { build: "tsup", typecheck: "tsc --noEmit", test: "vitest run" },
      dependencies: { zod: plug.zodVersion },
      // The deployment supplies one copy of each: the SDK to the server and the screens (its UI contexts
      // must be the web app's), the rest to every plug's screens. The plug builds and tests with its own.
      // `care pack` never bundles a peer, so an archive installs against the site's SDK.
      peerDependencies: { "@care/plug-sdk": plug.sdkRange, ...plugUiPeers },
      devDependencies: { "@care/plug-sdk": plug.sdkRange, ...plugUiDevDependencies },
    },
    null,
    2,
  )}\n`;
