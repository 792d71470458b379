/** The tool versions a new Care workspace starts with: the newest that run on Node 20. */
export const toolVersions = { turbo: "2.11.11", tsup: "8.5.0", typescript: "6.0.3", vitest: "4.1.12", "@types/node": "^20.19.0" };

/** package.json of a deployment repository: the care CLI and the build tools, nothing else. */
export const packageJson = (name: string, careRange: string): string =>
  `${JSON.stringify(
    {
      name,
      private: true,
      type: "module",
      packageManager: "pnpm@12.21.0",
      engines: { node: ">=20.11" },
      scripts: {
        build: "turbo run build",
        test: "turbo run typecheck test --continue",
        bundle: "turbo run bundle",
        care: "care",
      },
      devDependencies: { "@care/plug-manager": careRange, ...toolVersions },
    },
    null,
    2,
  )}\n`;
