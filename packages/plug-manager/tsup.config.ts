import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// Entries: what plug.config.ts imports, what the benchmarks import (./tooling), the CLI, the dev standby, and the
// processes care serve starts (the guard each loads, the build, and a release's migration tasks).
export default defineConfig(
  libraryBuild([
    "src/index.ts",
    "src/tooling.ts",
    "src/cli.ts",
    "src/dev/standby-main.ts",
    "src/serve/child-guard.ts",
    "src/serve/build/build-main.ts",
    "src/serve/release-task/release-task-main.ts",
  ]),
);
