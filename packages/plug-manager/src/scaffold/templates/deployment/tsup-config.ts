/**
 * tsup.config.ts: builds src/main.ts (with the manifest and plug.config.ts) into dist/main.js; the
 * config helpers are inlined, the runtime and plugs stay packages.
 */
export const tsupConfig = (): string => `import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  target: "node20",
  sourcemap: true,
  clean: true,
  noExternal: ["@care/plug-manager"],
});
`;
