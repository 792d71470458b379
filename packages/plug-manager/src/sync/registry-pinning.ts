import { CareCliError } from "../cli-error.js";
import { captureCommand } from "../workspace/run-command.js";

/**
 * The registry a plug's scope is pinned to. A registry plug is only ever asked of the registry the
 * repository names for its scope (`@scope:registry=…` in .npmrc or pnpm-workspace.yaml), so a name
 * nobody here owns is never looked up on the public registry (dependency confusion).
 */
export interface PinnedRegistry {
  scope: string;
  url: string;
  /** A `.invalid` host (RFC 6761: never resolves): the repository says this scope has no registry. */
  placeholder: boolean;
}

const scopeOf = (name: string) => /^(@[^/]+)\//.exec(name)?.[1];

/**
 * Asks pnpm (in the deployment's folder, so the workspace's .npmrc, pnpm-workspace.yaml, the user's
 * config and the environment all count exactly as they do for the install) which registry the
 * package's scope resolves from. Makes no network request. Refuses an unscoped name or an unmapped
 * scope with `plug_scope_unpinned`.
 */
export async function pinnedRegistry(packageName: string, cwd: string): Promise<PinnedRegistry> {
  const scope = scopeOf(packageName);
  if (!scope) {
    throw new CareCliError(`${packageName} has no scope, so pnpm would look it up on the default (public) registry`, {
      code: "plug_scope_unpinned",
      hint:
        "registry plugs must be scoped packages (@your-org/plug) whose scope your .npmrc maps to your registry: " +
        "@your-org:registry=https://npm.example.org/",
    });
  }
  const { code, stdout, stderr } = await captureCommand("pnpm", ["config", "get", `${scope}:registry`], { cwd });
  if (code !== 0)
    throw new CareCliError(`could not read pnpm's registry settings in ${cwd}: ${stderr.trim() || stdout.trim()}`, {
      code: "registry_settings_unreadable",
      hint: "run `pnpm config list` there to see what is wrong",
    });
  const url = stdout.trim();
  if (!url || url === "undefined") {
    throw new CareCliError(
      `no registry is named for the scope ${scope}, so ${packageName} would be looked up on the default (public) registry`,
      {
        code: "plug_scope_unpinned",
        hint:
          `name your registry for it in the repository's .npmrc: ${scope}:registry=https://npm.example.org/ (see ` +
          `docs/operations/registries.md)`,
      },
    );
  }
  return { scope, url: url.endsWith("/") ? url : `${url}/`, placeholder: isPlaceholder(url) };
}

function isPlaceholder(url: string): boolean {
  try {
    return new URL(url).hostname.endsWith(".invalid");
  } catch {
    return false;
  }
}
