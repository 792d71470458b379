import { relative } from "node:path";
import semver from "semver";
import { captureCommand } from "../workspace/run-command.js";

/** What a plug's last release shipped as its install script, read from git. */
export interface ReleasedInstall {
  version: string;
  /** The release tag, e.g. `@care-plugs/lab@1.2.0` (what `changeset tag` and `pnpm release` create). */
  tag: string;
  installSql: string;
}

/**
 * The newest release tag `<package>@<version>` at or below the package's version, and the
 * install.sql it holds. Undefined when the workspace is not a git repository, the plug has no
 * release tag yet, or that release had no install.sql.
 */
export async function lastReleasedInstall(root: string, plugDir: string, packageName: string, version: string): Promise<ReleasedInstall | undefined> {
  const tags = await captureCommand("git", ["tag", "--list", `${packageName}@*`], { cwd: root });
  if (tags.code !== 0) return undefined;
  const released = tags.stdout
    .split("\n")
    .map((tag) => tag.trim().slice(packageName.length + 1))
    .filter((candidate) => semver.valid(candidate) && semver.lte(candidate, version))
    .sort(semver.rcompare)[0];
  if (!released) return undefined;
  const tag = `${packageName}@${released}`;
  const path = `${relative(root, plugDir).split("\\").join("/")}/migrations/install.sql`;
  const shown = await captureCommand("git", ["show", `${tag}:${path}`], { cwd: root });
  return shown.code === 0 ? { version: released, tag, installSql: shown.stdout } : undefined;
}
