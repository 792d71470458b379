/**
 * .npmrc: the Care scopes mapped to the team's private registry. Credentials never go here: they
 * belong in pnpm's user auth.ini (or CI secrets), so the repository holds no secret.
 */
export const npmrc = (registry: string | undefined): string =>
  registry
    ? `@care:registry=${registry}\n@care-plugs:registry=${registry}\n`
    : `# Map the Care scopes to your private registry, e.g.\n# @care:registry=https://npm.example.org/\n# @care-plugs:registry=https://npm.example.org/\n`;
