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
 * Releases by package, from the tags `<package>@<version>`: the tag as written, its version, and the
 * object it names (a tag moved to another commit is another release for the check's caches).
 */
export type ReleaseTags = Map<string, Array<{ version: string; tag: string; object: string }>>;

/** Every release tag of the repository, read once per check (one git process, not one per plug). */
export async function readReleaseTags(root: string): Promise<ReleaseTags | undefined> {
  const listed = await captureCommand("git", ["for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/tags"], {
    cwd: root,
  }).catch(() => undefined);
  if (listed?.code !== 0) return undefined;
  const tags: ReleaseTags = new Map();
  for (const line of listed.stdout.split("\n")) {
    const [tag = "", object = ""] = line.trim().split(" ");
    const at = tag.lastIndexOf("@");
    const version = semver.valid(tag.slice(at + 1));
    if (at <= 0 || !version) continue;
    const name = tag.slice(0, at);
    tags.set(name, [...(tags.get(name) ?? []), { version, tag, object }]);
  }
  return tags;
}

/**
 * The newest release of the package at or below its version, and the install.sql that release
 * holds. Undefined when it has no release tag yet, or that release had no install.sql.
 */
export async function lastReleasedInstall(
  root: string,
  tags: ReleaseTags,
  plugDir: string,
  packageName: string,
  version: string,
): Promise<ReleasedInstall | undefined> {
  const released = (tags.get(packageName) ?? [])
    .filter((candidate) => semver.lte(candidate.version, version))
    .sort((a, b) => semver.rcompare(a.version, b.version))[0];
  if (!released) return undefined;
  // "./": relative to the workspace, which need not be the top of its git repository.
  const path = `./${relative(root, plugDir).split("\\").join("/")}/migrations/install.sql`;
  const shown = await captureCommand("git", ["show", `${released.tag}:${path}`], { cwd: root });
  return shown.code === 0 ? { version: released.version, tag: released.tag, installSql: shown.stdout } : undefined;
}
