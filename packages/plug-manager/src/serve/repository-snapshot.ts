import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { runCommand } from "../workspace/run-command.js";
import { deploymentPaths } from "../workspace/deployment-paths.js";

/** What the snapshot held, beside its copies: which files existed, and pnpm's virtual store then. */
interface Listing {
  files: string[];
  virtualStore: string[];
}

/**
 * The deployment's repository files an apply's build changes: plug.config.ts, package.json,
 * plugs.lock.json, src/*.generated.ts, vendor/ and the workspace's pnpm-lock.yaml. Paths relative
 * to the workspace root.
 */
async function trackedFiles(root: string, deployment: string): Promise<string[]> {
  const paths = deploymentPaths(root, deployment);
  const files = [paths.config, paths.packageJson, paths.lockfile, join(root, "pnpm-lock.yaml")];
  const src = join(paths.dir, "src");
  for (const name of await readdir(src).catch(() => [] as string[])) if (name.endsWith(".generated.ts")) files.push(join(src, name));
  const vendor = join(paths.dir, "vendor");
  for (const entry of await readdir(vendor, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) files.push(join(entry.parentPath, entry.name));
  }
  return files.filter((file) => existsSync(file)).map((file) => relative(root, file));
}

/** Copies the tracked files into `into` (the apply's folder), so that a rollback, even after a crash, can put them back. */
export async function snapshotRepository(root: string, deployment: string, into: string): Promise<void> {
  const files = await trackedFiles(root, deployment);
  await rm(into, { recursive: true, force: true });
  for (const file of files) {
    await mkdir(dirname(join(into, "files", file)), { recursive: true });
    await cp(join(root, file), join(into, "files", file));
  }
  const virtualStore = await readdir(join(root, "node_modules", ".pnpm")).catch(() => [] as string[]);
  await writeFile(join(into, "listing.json"), `${JSON.stringify({ files, virtualStore } satisfies Listing)}\n`);
}

/**
 * Puts the tracked files back as the snapshot holds them (files made since are removed), then, if
 * pnpm's lockfile or the deployment's package.json changed, reinstalls offline from the old lockfile
 * so node_modules matches it again. Answers what could not be put back, if anything.
 */
export async function restoreRepository(
  root: string,
  deployment: string,
  from: string,
  log: (line: string) => void,
): Promise<string | undefined> {
  const listing = JSON.parse(await readFile(join(from, "listing.json"), "utf8")) as Listing;
  const paths = deploymentPaths(root, deployment);
  const installInputs = [relative(root, paths.packageJson), "pnpm-lock.yaml"];
  const before = await Promise.all(installInputs.map((file) => readFile(join(root, file), "utf8").catch(() => "")));
  for (const file of await trackedFiles(root, deployment)) {
    if (!listing.files.includes(file)) await rm(join(root, file), { force: true });
  }
  for (const file of listing.files) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await cp(join(from, "files", file), join(root, file));
  }
  const after = await Promise.all(installInputs.map((file) => readFile(join(root, file), "utf8").catch(() => "")));
  if (before.every((text, index) => text === after[index])) return undefined;
  try {
    await runCommand("pnpm", ["install", "--offline", "--frozen-lockfile"], { cwd: root, onLine: (line) => log(`  pnpm │ ${line}`) });
  } catch (error) {
    return `node_modules could not be put back (${(error as Error).message}); run: pnpm install --frozen-lockfile`;
  }
  // A frozen install leaves the new packages' unpacked copies in the virtual store: no longer linked, removed.
  const virtualStore = join(root, "node_modules", ".pnpm");
  for (const entry of await readdir(virtualStore).catch(() => [] as string[])) {
    if (!listing.virtualStore.includes(entry)) await rm(join(virtualStore, entry), { recursive: true, force: true });
  }
  return undefined;
}
