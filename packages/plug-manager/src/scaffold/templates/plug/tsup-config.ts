/** tsup.config.ts: builds like every library package of the workspace (ESM and declarations), screens included. */
export const tsupConfig = (): string => `import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// The plug (dist/index.js) and its screens (dist/ui/index.js, for the deployment's web build): React and the
// SDK stay imports (dependencies and peers are external), so the web app supplies one copy of each.
export default defineConfig(libraryBuild(["src/index.ts", "src/ui/index.tsx"]));
`;
