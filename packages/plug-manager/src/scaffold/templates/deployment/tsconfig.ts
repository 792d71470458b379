/**
 * tsconfig.json: the workspace's compiler settings, covering plug.config.ts too. `paths` lets the
 * type declarations of a workspace plug (read from its own folder) find the Care packages they name
 * through this deployment's, so `tsc` checks each plug's `configs` against its schema.
 */
export const tsconfig = (): string => `{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {
    // A plug's type declarations name the Care packages it was built against (@care/plug-api,
    // @care/runtime...), which a workspace plug's own folder may not resolve: they are read from the
    // packages this deployment runs with, so \`tsc\` checks plug.config.ts's configs against each plug.
    "paths": {
      "@care/*": ["./node_modules/@care/*/dist/index.d.ts", "./node_modules/@care/runtime/node_modules/@care/*/dist/index.d.ts"],
      // The subpath entries the web build's files import (src/ui.generated.ts, vite.config.ts).
      "@care/plug-sdk/ui": ["./node_modules/@care/plug-sdk/dist/ui/index.d.ts"],
      "@care/web/vite": ["./node_modules/@care/web/dist/vite/index.d.ts"]
    }
  },
  "include": ["src", "test", "plug.config.ts", "*.config.ts"]
}
`;
