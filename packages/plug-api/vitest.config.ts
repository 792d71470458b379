import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The type tests (test/*.test-d.ts) run as part of `tsc --noEmit` and `vitest --typecheck`.
    typecheck: { include: ["test/**/*.test-d.ts"] },
  },
});
