import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

export default defineConfig(libraryBuild(["src/index.ts", "src/cli.ts", "src/dev/standby-main.ts"]));
