import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // `vitest run` also runs the type tests (test/*.test-d.ts) through tsc: the contract's inference is what they pin.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
