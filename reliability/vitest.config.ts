import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["src/global-setup.ts"],
    // One scenario at a time: they kill processes and time recoveries on a 2-core machine, and a
    // neighbour's CPU load would blur both the faults and the figures.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // The scenarios print what they do; the table comes at the end.
    reporters: ["default"],
  },
});
