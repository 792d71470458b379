import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ArchiveInspection } from "@care/runtime/supervision";
import { formatBytes } from "../../archive/index.js";
import { CareCliError } from "../../cli-error.js";
import { writeAtomically } from "./atomic-write.js";
import { inspectArchive } from "./inspect-archive.js";
import { stagingPaths, type StagingSite } from "./site.js";

/** The admin API's body limit for an upload: a plug archive with bundled dependencies stays well under it. */
export const maxUploadBytes = 64 * 1024 * 1024;
/** An upload nobody confirmed is dropped after this long. */
const incomingLifetimeMs = 24 * 60 * 60 * 1000;
const tokenPattern = /^[0-9a-f]{32}$/;

/** What staging keeps beside an upload until it is confirmed: the name it had on the uploader's machine. */
interface UploadNote {
  originalName: string;
  receivedAt: string;
}

/**
 * Takes an uploaded archive: writes it whole to staged/incoming/<token>.tgz, then inspects it. A
 * refused archive is deleted at once (nothing of it stays); an accepted one waits there, named by
 * the inspection's token, for `stageChange({ token })`. Uploads older than a day are pruned first.
 */
export async function receiveUpload(site: StagingSite, bytes: Uint8Array, originalName: string): Promise<ArchiveInspection> {
  if (bytes.byteLength > maxUploadBytes) {
    throw new CareCliError(
      `the upload is ${formatBytes(bytes.byteLength)}, more than the ${formatBytes(maxUploadBytes)} a plug archive may be; ` +
        "nothing was staged",
      { code: "archive_upload_too_large", hint: "leave large files out of the plug's package (its files field) and pack it again" },
    );
  }
  const paths = stagingPaths(site.siteDir);
  await mkdir(paths.incoming, { recursive: true, mode: 0o700 });
  await pruneIncoming(site.siteDir);
  const token = randomBytes(16).toString("hex");
  const file = uploadPath(site.siteDir, token);
  const name = shownName(originalName);
  try {
    await writeAtomically(file, bytes);
    await writeAtomically(
      notePath(site.siteDir, token),
      `${JSON.stringify({ originalName: name, receivedAt: new Date().toISOString() })}\n`,
    );
    return await inspectArchive({ root: site.root, deployment: site.deployment, file, originalName: name });
  } catch (error) {
    await dropUpload(site.siteDir, token);
    throw error;
  }
}

/** The upload a token names, with its note; a coded error when there is none (never uploaded, staged, or pruned). */
export async function uploadOf(siteDir: string, token: string): Promise<{ file: string; note: UploadNote }> {
  const unknown = () =>
    new CareCliError(`no uploaded archive has the token "${token}" (it was staged or discarded already, or is over a day old)`, {
      code: "staged_token_unknown",
      hint: "upload the archive again, then stage the token its inspection gives",
    });
  if (!tokenPattern.test(token)) throw unknown();
  const text = await readFile(notePath(siteDir, token), "utf8").catch(() => undefined);
  if (text === undefined || !(await stat(uploadPath(siteDir, token)).catch(() => undefined))) throw unknown();
  return { file: uploadPath(siteDir, token), note: JSON.parse(text) as UploadNote };
}

export async function dropUpload(siteDir: string, token: string): Promise<void> {
  await rm(uploadPath(siteDir, token), { force: true });
  await rm(notePath(siteDir, token), { force: true });
}

/** Deletes uploads (and half-written files) received more than a day ago. */
export async function pruneIncoming(siteDir: string, now = Date.now()): Promise<void> {
  const folder = stagingPaths(siteDir).incoming;
  for (const name of await readdir(folder).catch(() => [])) {
    const modified = (await stat(join(folder, name)).catch(() => undefined))?.mtimeMs;
    if (modified !== undefined && now - modified > incomingLifetimeMs) await rm(join(folder, name), { force: true });
  }
}

const uploadPath = (siteDir: string, token: string) => join(stagingPaths(siteDir).incoming, `${token}.tgz`);
const notePath = (siteDir: string, token: string) => join(stagingPaths(siteDir).incoming, `${token}.json`);

/** The uploader's file name as it is safe to show and store: no folders, no control characters, not endless. */
function shownName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return base === "" ? "upload.tgz" : base.slice(0, 200);
}
