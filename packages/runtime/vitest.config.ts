import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test file opens its own database; on a 2-core machine PGlite start-up dominates.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
