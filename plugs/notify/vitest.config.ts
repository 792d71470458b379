import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test file opens its own database; on a loaded 2-core machine PGlite start-up dominates
    // (a test that took 12 s alone took over 30 s beside the other packages' suites).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
