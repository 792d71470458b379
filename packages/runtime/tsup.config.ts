import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// Entries: what deployments import, what the CLI and test kit import (./tooling), and the part of it
// `care check` loads (./check-tooling: no server, database or migration code), and the supervisor's control
// API (./supervision: its shapes and a client, no server code).
export default defineConfig(libraryBuild(["src/index.ts", "src/tooling.ts", "src/check-tooling.ts", "src/supervision.ts"]));
