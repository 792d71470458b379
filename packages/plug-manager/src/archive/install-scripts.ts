/** The lifecycle scripts npm runs when it installs a package (pnpm, for the packages a site allows to build). */
const installScripts = ["preinstall", "install", "postinstall"] as const;

/**
 * What would run code when a bundled package is installed, said for a person: an install script, or
 * a binding.gyp (npm runs `node-gyp rebuild` for it when no install script is given). Undefined when
 * nothing would. pnpm 12 runs neither for a bundled package; npm runs both, so archives refuse both.
 */
export function installScriptOf(manifest: { scripts?: unknown }, hasBindingGyp: boolean): string | undefined {
  const scripts = typeof manifest.scripts === "object" && manifest.scripts !== null ? (manifest.scripts as Record<string, unknown>) : {};
  const found = installScripts.find((name) => typeof scripts[name] === "string" && (scripts[name] as string).trim() !== "");
  if (found) return `its ${found} script runs ${JSON.stringify(scripts[found])}`;
  if (hasBindingGyp) return "it has a binding.gyp, which npm compiles with node-gyp";
  return undefined;
}
