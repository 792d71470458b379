/** vite.config.ts: the deployment's web app (Care's app with its plugs' screens), built into dist/web. */
export const viteConfig = (): string => `import { careWebConfig } from "@care/web/vite";
import { defineConfig } from "vite";

// The web app of this deployment: Care's app with the screens of the plugs in src/ui.generated.ts
// (written by \`care sync\`), built into dist/web, which \`pnpm start\` serves at /.
export default defineConfig(careWebConfig({ deploymentDir: import.meta.dirname }));
`;
