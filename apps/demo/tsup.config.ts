import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  target: "node20",
  sourcemap: true,
  clean: true,
  // The config helpers are inlined, so a bundle never carries the CLI.
  noExternal: ["@care/plug-manager"],
});
