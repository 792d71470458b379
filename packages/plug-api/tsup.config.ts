import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// `./ui` is its own entry: the backend entry never loads React (test/ui-entry-isolation.test.ts).
export default defineConfig(libraryBuild(["src/index.ts", "src/ui/index.ts"]));
