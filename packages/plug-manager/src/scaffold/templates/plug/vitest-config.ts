/** vitest.config.ts: each test file opens its own database, so the timeouts are generous. */
export const vitestConfig = (): string => `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test file opens its own database; on a 2-core machine PGlite start-up dominates.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
`;
