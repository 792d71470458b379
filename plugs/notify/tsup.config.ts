import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// The backend, and the screens (dist/ui/index.js) the deployment's web build takes: React, Mantine, TanStack Query,
// i18next and the SDK stay imports (peer and regular dependencies are external), so the host supplies one copy.
export default defineConfig(libraryBuild(["src/index.ts", "src/ui/index.tsx"]));
