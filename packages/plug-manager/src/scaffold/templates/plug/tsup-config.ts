/** tsup.config.ts: builds like every library package of the workspace (ESM and declarations). */
export const tsupConfig = (): string => `import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

export default defineConfig(libraryBuild());
`;
