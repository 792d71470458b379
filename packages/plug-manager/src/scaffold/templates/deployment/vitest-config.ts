/** vitest.config.ts: the start test boots a real server on an embedded database. */
export const vitestConfig = (): string => `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
`;
