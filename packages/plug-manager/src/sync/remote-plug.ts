import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPlugBlock } from "@care/runtime/check-tooling";
import semver from "semver";
import { CareCliError } from "../cli-error.js";
import { captureCommand } from "../workspace/run-command.js";
import { plugNotFound } from "./plug-not-found.js";
import { pinnedRegistry } from "./registry-pinning.js";

/** A plug found where `care plug add` was pointed, before anything is written or installed. */
export interface RemotePlug {
  packageName: string;
  version: string;
  plugId: string;
  /** Its package.json as far as it was read (name, version, care): what `care plug add` reviews. */
  packageJson: { name: string; version: string; care?: { plug?: unknown } };
  /** What plug.config.ts records as the entry's `version`: a range, or the git URL with its tag. */
  dependency: string;
}

export const isGitSpec = (spec: string) => /^git(\+(file|https?|ssh))?:\/\//.test(spec);

const tagName = /^[A-Za-z0-9][\w.+@/-]*$/;

/**
 * A git URL is written to plug.config.ts, package.json and the lockfile, and shown in logs: it must
 * not carry a password or token. Private repositories authenticate with a credential helper or ssh key.
 */
export function refuseGitCredentials(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^git\+/, ""));
  } catch {
    return; // scp-like ssh addresses have no URL syntax and no password field.
  }
  if (parsed.password || (parsed.username && parsed.protocol !== "ssh:")) {
    throw new CareCliError("the git URL carries credentials, which would be written to plug.config.ts, package.json and the lockfile", {
      code: "git_url_credentials",
      hint: "remove them from the URL; use a git credential helper or an ssh key for private repositories",
    });
  }
}

interface RegistryError {
  error?: { code?: string; message?: string };
}

/**
 * Asks the registry the repository pins the package's scope to (refused first when there is none:
 * never the public registry) which versions match, and checks that the newest is a plug. `cwd` is
 * the deployment, so pnpm reads the workspace's settings as it does for the install.
 */
export async function findRegistryPlug(name: string, range: string | undefined, cwd: string): Promise<RemotePlug> {
  const registry = await pinnedRegistry(name, cwd);
  if (registry.placeholder) throw await plugNotFound(name, registry, cwd);
  const wanted = `${name}@${range ?? "latest"}`;
  // --registry as well as the scope's mapping: the question goes to the pinned registry or nowhere.
  const { code, stdout, stderr } = await captureCommand(
    "pnpm",
    ["view", wanted, "name", "version", "care", "--json", "--registry", registry.url],
    { cwd },
  );
  const answer = parseJson(stdout) as RegistryError | Record<string, unknown> | Array<Record<string, unknown>> | undefined;
  if (code !== 0 || typeof answer !== "object" || answer === null || "error" in answer) {
    const error = (answer as RegistryError | undefined)?.error;
    const message = error?.message ?? (stderr.trim() || stdout.trim());
    if (error?.code === "ERR_PNPM_FETCH_404" || /\b404\b/.test(message)) throw await plugNotFound(name, registry, cwd);
    if (error?.code === "ERR_PNPM_PACKAGE_NOT_FOUND" || /no matching version/i.test(message)) {
      const versions = await publishedVersions(name, registry.url, cwd);
      throw new CareCliError(`${name} has no version matching "${range ?? "latest"}"`, {
        code: "plug_version_not_found",
        hint: versions.length ? `published versions: ${versions.slice(-10).join(", ")}` : "nothing is published under that name yet",
      });
    }
    throw new CareCliError(`could not ask the registry about ${wanted}: ${message}`, {
      code: "registry_unreachable",
      hint: "check the network and the registry in .npmrc; run again",
    });
  }
  const candidates = (Array.isArray(answer) ? answer : [answer]) as Array<{ name?: string; version?: string; care?: { plug?: unknown } }>;
  const newest = candidates.filter((item) => semver.valid(item.version)).sort((a, b) => semver.rcompare(a.version!, b.version!))[0];
  if (!newest) throw new CareCliError(`the registry answered no version for ${wanted}`, { code: "plug_version_not_found" });
  const block = plugBlockOf({ name: `${name}@${newest.version}`, ...(newest.care && { care: newest.care }) });
  return {
    packageName: name,
    version: newest.version!,
    plugId: block.id,
    packageJson: { name, version: newest.version!, ...(newest.care && { care: newest.care }) },
    dependency: range ?? `^${newest.version}`,
  };
}

async function publishedVersions(name: string, registry: string, cwd: string): Promise<string[]> {
  const { stdout } = await captureCommand("pnpm", ["view", name, "versions", "--json", "--registry", registry], { cwd });
  const versions = parseJson(stdout);
  return Array.isArray(versions) ? (versions as string[]) : [];
}

/**
 * Reads package.json at the named tag of a git repository (`git+file:///srv/plugs/lab.git#v1.2.0`,
 * `git+https://…#v1.2.0`), without installing anything. A tag is required: a branch would install
 * different code on every sync.
 */
export async function findGitPlug(spec: string, cwd: string): Promise<RemotePlug> {
  const [url = "", ref] = spec.split("#");
  refuseGitCredentials(url);
  if (!ref) {
    throw new CareCliError(`${spec} names no tag`, {
      code: "git_tag_missing",
      hint: `add the release tag, e.g. ${url}#v1.0.0, so that every sync installs the same code`,
    });
  }
  // Never an option to git (a "ref" like --output=… would write a file), and only a tag name.
  if (!tagName.test(ref))
    throw new CareCliError(`"${ref}" is not a tag name`, { code: "git_tag_missing", hint: `name the release tag, e.g. ${url}#v1.0.0` });
  const remote = url.replace(/^git\+/, "");
  // Only the tag names first, then only the tagged commit: never the whole history of the repository.
  const listed = await captureCommand("git", ["ls-remote", "--tags", "--", remote], { cwd });
  if (listed.code !== 0) {
    throw new CareCliError(`cannot read the git repository ${url}: ${listed.stderr.trim()}`, {
      code: "git_repository_unreadable",
      hint: "check the URL (git+file:///path/to/repo, git+https://host/repo.git) and that git can reach it",
    });
  }
  const tags = [
    ...new Set(
      listed.stdout
        .split("\n")
        .map((line) => /refs\/tags\/(.+?)(\^\{\})?$/.exec(line.trim())?.[1])
        .filter((tag): tag is string => !!tag),
    ),
  ];
  // Only a tag: a branch of the same name would install different code on every sync.
  if (!tags.includes(ref)) {
    throw new CareCliError(`${url} has no tag "${ref}"`, {
      code: "git_tag_missing",
      hint: tags.length ? `its tags: ${tags.slice(-10).join(", ")}` : "the repository has no tags yet",
    });
  }
  const clone = await mkdtemp(join(tmpdir(), "care-git-plug-"));
  try {
    const fetched =
      (await captureCommand("git", ["init", "--quiet", clone], { cwd })).code === 0
        ? await captureCommand("git", ["fetch", "--quiet", "--depth", "1", "--", remote, `refs/tags/${ref}`], { cwd: clone })
        : { code: 1, stderr: "git init failed" };
    const shown = fetched.code === 0 ? await captureCommand("git", ["show", "FETCH_HEAD:package.json"], { cwd: clone }) : undefined;
    if (shown?.code !== 0) {
      throw new CareCliError(`cannot read package.json at tag ${ref} of ${url}: ${(shown ?? fetched).stderr.trim()}`, {
        code: "git_package_unreadable",
        hint: "tag a commit that holds the plug package (what care pack lays out)",
      });
    }
    const packageJson = parseJson(shown.stdout) as { name?: string; version?: string; care?: { plug?: unknown } } | undefined;
    if (!packageJson?.name || !semver.valid(packageJson.version)) {
      throw new CareCliError(`package.json at ${spec} has no valid name and version`, {
        code: "git_package_unreadable",
        hint: "tag a commit of a plug package",
      });
    }
    const block = plugBlockOf({ ...packageJson, name: `${packageJson.name}@${packageJson.version} (${spec})` });
    return {
      packageName: packageJson.name,
      version: packageJson.version!,
      plugId: block.id,
      packageJson: { ...packageJson, name: packageJson.name, version: packageJson.version! },
      dependency: spec,
    };
  } finally {
    await rm(clone, { recursive: true, force: true });
  }
}

function plugBlockOf(packageJson: { name: string; care?: { plug?: unknown } }) {
  try {
    return readPlugBlock(packageJson);
  } catch (error) {
    throw new CareCliError((error as Error).message, {
      code: "plug_block_invalid",
      hint: "only packages with a care.plug block can be added as plugs",
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
