/** turbo.json: the same tasks as the Care repository, so bundles build per deployment and cache alike. */
export const turboJson = (): string => `{
  "$schema": "https://turborepo.com/schema.json",
  "globalDependencies": ["tsconfig.base.json", "tsup.config.base.ts"],
  "tasks": {
    // Outside a git repository (a copied or unversioned workspace) $TURBO_DEFAULT$ is every file, .gitignore
    // unread: what installs, builds and runs write is left out by name, or no build would ever be cached.
    "build": {
      "dependsOn": ["^build"],
      "inputs": [
        "$TURBO_DEFAULT$",
        "!test/**",
        "!**/*.md",
        "!vitest.config.ts",
        "!node_modules/**",
        "!dist/**",
        "!bundle/**",
        "!.turbo/**",
        "!.care/**",
        "!coverage/**"
      ],
      "outputs": ["dist/**"]
    },
    "typecheck": {
      "dependsOn": ["^build"],
      "inputs": ["src/**", "test/**", "package.json", "tsconfig.json", "plug.config.ts"],
      "outputs": []
    },
    "test": {
      "dependsOn": ["^build", "build"],
      "inputs": ["src/**", "test/**", "migrations/**", "package.json", "vitest.config.ts", "plug.config.ts"],
      "outputs": [],
      "env": ["DATABASE_URL"],
      "passThroughEnv": ["CI"]
    },
    "bundle": {
      "dependsOn": ["^build", "build"],
      "inputs": [
        "$TURBO_DEFAULT$",
        "!test/**",
        "!**/*.md",
        "!vitest.config.ts",
        "!node_modules/**",
        "!dist/**",
        "!bundle/**",
        "!.turbo/**",
        "!.care/**",
        "!coverage/**"
      ],
      "outputs": ["bundle/**"]
    }
  }
}
`;
