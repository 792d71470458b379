import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// @care/plug-manager-e2e runs these (test/long-files.json says why).
const longFiles: string[] = JSON.parse(readFileSync(new URL("./test/long-files.json", import.meta.url), "utf8")).files;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...longFiles],
    globalSetup: ["test/shared-turbo-cache.ts"],
    // Each test file opens its own database; on a 2-core machine PGlite start-up dominates.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
