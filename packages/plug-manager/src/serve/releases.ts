import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomically } from "./staging/atomic-write.js";
import type { SiteFiles } from "./site-files.js";

/**
 * The releases a supervisor runs: releases/<id>/ bundle folders (`care bundle` output), numbered
 * 1, 2, 3…, and releases/current naming the one that runs. A release is never changed once made.
 */
const releaseIdPattern = /^[1-9][0-9]*$/;

export const releaseDir = (site: SiteFiles, id: string): string => join(site.releases, id);

/** Every release folder's id, oldest first. */
export async function listReleases(site: SiteFiles): Promise<string[]> {
  const names = await readdir(site.releases).catch(() => [] as string[]);
  return names.filter((name) => releaseIdPattern.test(name)).sort((a, b) => Number(a) - Number(b));
}

/** The release releases/current names, if it names one that exists. */
export async function currentRelease(site: SiteFiles): Promise<string | undefined> {
  const id = (await readFile(site.current, "utf8").catch(() => "")).trim();
  return releaseIdPattern.test(id) && existsSync(releaseDir(site, id)) ? id : undefined;
}

/** Points releases/current at `id`, whole or not at all. */
export async function setCurrentRelease(site: SiteFiles, id: string): Promise<void> {
  await mkdir(site.releases, { recursive: true });
  await writeAtomically(site.current, `${id}\n`);
}

/** The id the next release gets: one above every release there is or was being made. */
export async function nextReleaseId(site: SiteFiles): Promise<string> {
  const names = await readdir(site.releases).catch(() => [] as string[]);
  const ids = names.map((name) => Number(name.replace(/^\.incoming-/, ""))).filter((id) => Number.isInteger(id) && id > 0);
  return String(Math.max(0, ...ids) + 1);
}

/** Where a release is put together before it is renamed to releases/<id> (so a half-made one never has a release's name). */
export const incomingReleaseDir = (site: SiteFiles, id: string): string => join(site.releases, `.incoming-${id}`);

/** Removes a release that must not run (a failed apply's), and anything half-made. */
export async function discardRelease(site: SiteFiles, id: string): Promise<void> {
  await rm(incomingReleaseDir(site, id), { recursive: true, force: true });
  await rm(releaseDir(site, id), { recursive: true, force: true });
}

/** Keeps the releases named (the current and the previous one) and removes the others. */
export async function pruneReleases(site: SiteFiles, keep: string[]): Promise<string[]> {
  const names = await readdir(site.releases).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const release = releaseIdPattern.test(name) && !keep.includes(name);
    if (!release && !name.startsWith(".incoming-")) continue;
    await rm(join(site.releases, name), { recursive: true, force: true });
    if (release) removed.push(name);
  }
  return removed;
}
