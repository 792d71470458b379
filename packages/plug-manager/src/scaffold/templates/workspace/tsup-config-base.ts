/** tsup.config.base.ts: how plug packages build (ESM and declarations). */
export const tsupConfigBase = (): string => `import type { Options } from "tsup";

/** How every library package builds: ESM for Node 20 with type declarations. */
export const libraryBuild = (entry: string[] = ["src/index.ts"]): Options => ({
  entry,
  format: ["esm"],
  target: "node20",
  dts: true,
  sourcemap: true,
  clean: true,
});
`;
