/** Where a repository made without --registry points the Care scopes until someone names theirs. */
export const placeholderRegistry = "https://name-your-registry.invalid/";

/**
 * .npmrc: the Care scopes mapped to the team's private registry. Credentials never go here: they
 * belong in pnpm's user auth.ini (or CI secrets), so the repository holds no secret. Without a
 * registry the scopes still get a mapping, to a `.invalid` host (RFC 6761: it never resolves): an
 * unmapped scope would be fetched from the public registry, where anyone may publish under it.
 */
export const npmrc = (registry: string | undefined): string =>
  registry
    ? `@care:registry=${registry}\n@care-plugs:registry=${registry}\n`
    : [
        "# The Care scopes come only from your own registry. Replace the placeholder below with it,",
        "# e.g. https://npm.example.org/, on both lines (credentials go in pnpm's auth.ini, not here).",
        "# Until then nothing under these scopes installs: the placeholder host never resolves, so no",
        "# name is ever looked up on the public registry.",
        `@care:registry=${placeholderRegistry}`,
        `@care-plugs:registry=${placeholderRegistry}`,
        "",
      ].join("\n");
