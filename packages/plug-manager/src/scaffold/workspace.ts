import { existsSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { CareCliError } from "../cli-error.js";

/** What a scaffold command wrote, for the CLI to print. */
export interface ScaffoldResult {
  /** The new package's folder (absolute). */
  dir: string;
  /** Its package name, e.g. `@care-plugs/vital_signs`. */
  packageName: string;
  /** Every file written, relative to the workspace root, with `/` separators, in writing order. */
  files: string[];
  /** The commands to run next, in order. */
  nextSteps: string[];
}

/** Files to write, by path relative to the workspace root (with `/` separators). */
export type FileTree = Record<string, string>;

/** The workspace root, absolute, after checking it is one and that pnpm picks up `<folder>/*`. */
export async function workspaceRoot(root: string, folder: "plugs" | "apps"): Promise<string> {
  const absolute = resolve(root);
  const workspaceFile = join(absolute, "pnpm-workspace.yaml");
  if (!existsSync(workspaceFile)) {
    throw new CareCliError(`${absolute} is not the root of a Care workspace: it has no pnpm-workspace.yaml`, {
      code: "workspace_not_found",
      hint: "run this from the workspace root (the folder with pnpm-workspace.yaml), or pass its path",
    });
  }
  const workspace = await readFile(workspaceFile, "utf8");
  if (!new RegExp(`(^|[\\s"'\\[,])${folder}/\\*`, "m").test(workspace)) {
    throw new CareCliError(`pnpm-workspace.yaml does not list ${folder}/*, so pnpm would not see the new package`, {
      code: "workspace_folder_unlisted",
      hint: `add "  - ${folder}/*" under "packages:" in ${workspaceFile}`,
    });
  }
  return absolute;
}

/** Refuses a path that already exists (a folder, a file or a dangling link), naming it. */
export async function refuseExisting(root: string, path: string, what: string, hint: string): Promise<void> {
  const exists = await lstat(join(root, path)).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? false : Promise.reject(error)),
  );
  if (exists) throw new CareCliError(`${path} already exists: ${what}`, { code: "path_exists", hint });
}

/** The parsed package.json of every package directly under `<root>/<folder>/`, by folder. */
export async function packagesUnder(root: string, folder: string): Promise<Array<{ path: string; json: Record<string, any> }>> {
  const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
  const found: Array<{ path: string; json: Record<string, any> }> = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = `${folder}/${entry.name}`;
    try {
      found.push({ path, json: JSON.parse(await readFile(join(root, path, "package.json"), "utf8")) });
    } catch {
      // No package.json, or not JSON: not a package pnpm would use either.
    }
  }
  return found;
}

/**
 * Writes a new package folder and any files outside it (a changeset). The folder is created
 * non-recursively, so a folder that appeared since the checks is refused rather than mixed into;
 * if any write fails, everything written is removed again.
 */
export async function writeNewPackage(root: string, packageDir: string, files: FileTree): Promise<string[]> {
  const target = join(root, packageDir);
  const outside = Object.keys(files).filter((path) => !isInside(path, packageDir));
  await mkdir(dirname(target), { recursive: true });
  try {
    await mkdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new CareCliError(`${packageDir} already exists (it appeared while scaffolding)`, {
        code: "path_exists",
        hint: "nothing was written; try again with another name",
      });
    }
    throw error;
  }
  const written: string[] = [];
  try {
    for (const [path, content] of Object.entries(files)) {
      const file = join(root, ...path.split("/"));
      await mkdir(dirname(file), { recursive: true });
      // "wx": never overwrite a file that exists (a changeset of the same name, say).
      await writeFile(file, content, { encoding: "utf8", flag: "wx" });
      written.push(path);
    }
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    for (const path of outside.filter((path) => written.includes(path))) await rm(join(root, path), { force: true });
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      const path = relative(root, (error as NodeJS.ErrnoException).path ?? "")
        .split(sep)
        .join("/");
      throw new CareCliError(`${path} already exists`, {
        code: "path_exists",
        hint: "nothing was written; move that file away, or choose another name",
        cause: error,
      });
    }
    throw new CareCliError(`could not write ${packageDir}: ${(error as Error).message}`, {
      code: "scaffold_write_failed",
      hint: "nothing was kept; check that the workspace is writable and try again",
      cause: error,
    });
  }
  return written;
}

const isInside = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
