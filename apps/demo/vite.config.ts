import { careWebConfig } from "@care/web/vite";
import { defineConfig } from "vite";

// The web app of this deployment: Care's app with the screens of the plugs in src/ui.generated.ts
// (written by `care sync`), built into dist/web, which `pnpm start` serves at /.
export default defineConfig(careWebConfig({ deploymentDir: import.meta.dirname }));
