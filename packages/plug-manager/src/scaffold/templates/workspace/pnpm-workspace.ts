/** pnpm-workspace.yaml: deployments in apps/, the site's own plugs in plugs/. */
export const pnpmWorkspace = (): string => `packages:
  - apps/*
  - plugs/*

# Plugs and Care packages come from your own registry (.npmrc): trust them as soon as they are published.
minimumReleaseAgeExclude:
  - "@care/*"
  - "@care-plugs/*"

# Some registry mirrors lack one of pnpm's platform packages; do not fail on that.
pmOnFail: ignore

allowBuilds:
  esbuild: true
  # Comes with the runtime's PL/pgSQL parser; its install script only prints a warning.
  "@launchql/protobufjs": false

overrides:
  # The newest releases that still run on Node 20.
  light-my-request: 6.6.0
  strip-json-comments: 5.0.3
`;
