import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// Entries: what plug.config.ts imports, what the benchmarks import (./tooling), the CLI and the dev standby.
export default defineConfig(libraryBuild(["src/index.ts", "src/tooling.ts", "src/cli.ts", "src/dev/standby-main.ts"]));
