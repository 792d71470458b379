import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The web build test runs a whole `vite build`; on a loaded machine that takes a while.
    testTimeout: 240_000,
  },
});
