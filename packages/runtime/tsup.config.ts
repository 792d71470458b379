import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// Two entries: what deployments import, and what the CLI and test kit import (./tooling).
export default defineConfig(libraryBuild(["src/index.ts", "src/tooling.ts"]));
