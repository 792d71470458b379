import { mkdir, readdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { CareCliError } from "../cli-error.js";
import { careRanges } from "./care-ranges.js";
import { suggestName } from "./names.js";
import { gitignore } from "./templates/workspace/gitignore.js";
import { npmrc, placeholderRegistry } from "./templates/workspace/npmrc.js";
import { packageJson } from "./templates/workspace/package-json.js";
import { pnpmWorkspace } from "./templates/workspace/pnpm-workspace.js";
import { tsconfigBase } from "./templates/workspace/tsconfig-base.js";
import { tsupConfigBase } from "./templates/workspace/tsup-config-base.js";
import { turboJson } from "./templates/workspace/turbo-json.js";
import type { ScaffoldResult } from "./workspace.js";

export interface InitWorkspaceOptions {
  /** The new repository's folder: missing or empty. */
  dir: string;
  /** The private registry the Care scopes come from, written to .npmrc. */
  registry?: string | undefined;
}

/**
 * `care init <dir>`: a deployment repository outside the Care repository, which installs the
 * core, the CLI and plugs from a registry: pnpm workspace (apps/*, plugs/*), turbo tasks, compiler
 * settings and .npmrc. Refuses a folder that has files in it.
 */
export async function initWorkspace(options: InitWorkspaceOptions): Promise<ScaffoldResult> {
  const dir = resolve(options.dir);
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw new CareCliError(`cannot use ${dir}: ${error.code === "ENOTDIR" ? "it is a file" : error.message}`, {
      code: "folder_not_usable",
      hint: "give a new or empty folder",
    });
  });
  // A freshly cloned empty repository holds only .git: that is a fine place to start.
  const existing = entries.filter((entry) => entry !== ".git");
  if (existing.length > 0) {
    throw new CareCliError(`${dir} is not empty (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""})`, {
      code: "folder_not_usable",
      hint: "give a new or empty folder",
    });
  }
  const registry = options.registry && registryUrl(options.registry);
  const packageName = /^[a-z][a-z0-9-]{0,62}$/;
  const name = packageName.test(basename(dir)) ? basename(dir) : (suggestName(basename(dir), "-", 63, packageName) ?? "care-deployments");
  const ranges = await careRanges(dir);
  const files: Record<string, string> = {
    "package.json": packageJson(name, ranges["@care/plug-manager"]),
    "pnpm-workspace.yaml": pnpmWorkspace(),
    "turbo.json": turboJson(),
    "tsconfig.base.json": tsconfigBase(),
    "tsup.config.base.ts": tsupConfigBase(),
    ".npmrc": npmrc(registry),
    ".gitignore": gitignore(),
  };
  await mkdir(join(dir, "apps"), { recursive: true });
  await mkdir(join(dir, "plugs"), { recursive: true });
  for (const [path, content] of Object.entries(files)) await writeFile(join(dir, path), content, { flag: "wx" });
  return {
    dir,
    packageName: name,
    files: Object.keys(files),
    nextSteps: [
      ...(registry
        ? []
        : [
            `name your registry in ${join(options.dir, ".npmrc")} (it maps @care and @care-plugs to the placeholder ` +
              `${placeholderRegistry})`,
          ]),
      `cd ${options.dir}`,
      "pnpm install",
      "pnpm care deployment new <name>",
      "pnpm care plug add @care-plugs/<plug> -d <name>",
    ],
  };
}

function registryUrl(given: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new CareCliError(`--registry "${given}" is not a URL`, {
      code: "registry_url_invalid",
      hint: "e.g. --registry https://npm.example.org/",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CareCliError(`--registry must be an http(s) URL, not ${url.protocol}`, { code: "registry_url_invalid" });
  if (url.username || url.password || url.search || url.hash) {
    throw new CareCliError("--registry must not carry credentials or a query: it would be written to .npmrc", {
      code: "registry_url_invalid",
      hint: "put credentials in pnpm's auth.ini instead",
    });
  }
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}
