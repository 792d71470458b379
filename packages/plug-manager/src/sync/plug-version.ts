import semver from "semver";
import { CareCliError } from "../cli-error.js";
import { isGitSpec } from "./remote-plug.js";

/** Where a named plug's code comes from, as its `version` decides it. */
export type VersionedKind = "workspace" | "registry" | "git";

/** A dist-tag (`latest`, `next`): letters, digits, '-' and '_' only, so never a path, URL or file name. */
const distTag = /^[A-Za-z][\w-]{0,63}$/;

/**
 * The entry's `version` is what pnpm installs for the package, so it must say the same source the
 * review and the trust policy assume: nothing or `workspace:<range>` for a package of this
 * workspace, a semver range or dist-tag for a registry package, a git URL (with its tag) for git.
 * Anything else (`file:`, `link:`, `npm:` aliases, tarball URLs, paths, `portal:` …) would install
 * other code under a trusted name; it is refused with `plug_version_not_allowed`.
 */
export function plugVersionKind(input: {
  plug: string;
  id?: string;
  packageName: string;
  version: string | undefined;
  inWorkspace: boolean;
}): VersionedKind {
  const { plug, id, packageName, version, inWorkspace } = input;
  if (version === undefined) return inWorkspace ? "workspace" : "registry";
  if (isGitSpec(version)) return "git";
  const refuse = (why: string, hint: string) =>
    new CareCliError(`${plug}: version "${version}" of ${packageName} is not allowed: ${why}; nothing was changed`, {
      code: "plug_version_not_allowed",
      hint,
      ...(id && { plug: id }),
    });
  const archiveHint =
    'a plug archive is added as package: "file:./vendor/x.tgz" (care plug add ./vendor/x.tgz), where it is verified before it is installed';
  if (version.startsWith("workspace:")) {
    if (!inWorkspace)
      throw refuse(
        `${packageName} is not a package of this workspace`,
        `name a registry version range (e.g. "^1.2.0"), or add the package to the workspace`,
      );
    const range = version.slice("workspace:".length);
    if (["^", "~", "*"].includes(range) || semver.validRange(range)) return "workspace";
    throw refuse(
      `"${range}" is not a version range`,
      'write workspace:^ (or leave the version out), or workspace:<range>, e.g. "workspace:^1.0.0"',
    );
  }
  if (inWorkspace) {
    throw refuse(
      `${packageName} is a package of this workspace, and this version would install other code under its name`,
      `leave the version out (it installs workspace:^) or write "workspace:<range>"; ${archiveHint}`,
    );
  }
  if (semver.validRange(version) || distTag.test(version)) return "registry";
  throw refuse(
    "a registry plug's version is a version range or a dist-tag, never a path, file:, link:, npm: alias or URL",
    `name its version range (e.g. "^1.2.0") or a tag ("latest"); a git repository is a git URL with its tag ` +
      `(git+https://host/repo.git#v1.2.0); ${archiveHint}`,
  );
}
