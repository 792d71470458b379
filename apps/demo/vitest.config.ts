import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "api", include: ["test/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, sequence: { groupOrder: 0 } } },
      {
        // Each file starts the built demo and a Chromium: one file at a time, after the API tests (which also write
        // the bundle the offline browser test rewrites), on a loaded 2-core machine.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
