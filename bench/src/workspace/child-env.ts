/**
 * The environment for a command run in a synthetic workspace: none of the outer pnpm's variables
 * (they would point it back at this repository), no colours, no turbo telemetry.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_config_|PNPM_PACKAGE_NAME$|INIT_CWD$|FORCE_COLOR$)/.test(key)),
  );
  return { ...env, CI: "true", NO_COLOR: "1", TURBO_TELEMETRY_DISABLED: "1", ...extra };
}
