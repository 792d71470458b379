import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { basename, resolve } from "node:path";
import type { ArchiveInspection, StageRequest } from "@care/runtime/supervision";
import { formatBytes, verifyArchive } from "../../archive/index.js";
import { CareCliError } from "../../cli-error.js";
import { confirmOrRefuse } from "../../review/confirm.js";
import { describeInspection, describeStagedChange } from "./describe-inspection.js";
import { dropUpload, maxUploadBytes, receiveUpload } from "./receive-upload.js";
import { existingStagingSite, type StagingSite } from "./site.js";
import { stageChange, type StageResult } from "./stage-change.js";

export interface StageCommandOptions {
  deployment: string;
  disable?: string;
  enable?: string;
  remove?: string;
  yes?: boolean;
  json?: boolean;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
/** A path the user typed: `pnpm care` runs in the workspace root, INIT_CWD is where they were. */
const fromUser = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
/** Who staged it, as the journal and the console show it. */
export const cliActor = () => `cli:${userInfo().username}`;

/**
 * `care stage <archive>`: inspects the archive as the console does (nothing of it runs), prints the
 * review, asks, and stages it; `care stage --disable|--enable|--remove <plug>` stages that change.
 * With --json, stdout is one document `{ inspection, staged, replaced }` (a review to confirm goes to stderr).
 */
export async function stageCommand(root: string, archive: string | undefined, options: StageCommandOptions): Promise<void> {
  const requests = [
    ...(archive === undefined ? [] : ["archive"]),
    ...(["disable", "enable", "remove"] as const).filter((kind) => options[kind] !== undefined),
  ];
  if (requests.length !== 1) {
    throw new CareCliError("give one archive, or one of --disable, --enable, --remove <plug>", {
      code: "invalid_arguments",
      hint: "e.g. care stage ./lab-1.2.0.tgz -d site, or care stage --disable lab -d site",
    });
  }
  const site = existingStagingSite(root, options.deployment);
  const say = options.json ? err : out;
  let inspection: ArchiveInspection | null = null;
  let request: StageRequest;
  if (archive !== undefined) {
    inspection = await upload(site, fromUser(archive));
    // --json --yes: the document says it all; asked on a terminal, the person reads the review first.
    if (!options.json || !options.yes) for (const line of describeInspection(inspection)) say(line);
    const question = `stage this ${inspection.change} of plug ${inspection.plug.id} for the next apply of ${options.deployment}`;
    await confirmOrRefuse(question, options.yes).catch(async (error: unknown) => {
      await dropUpload(site.siteDir, inspection!.token);
      throw error;
    });
    request = { token: inspection.token };
  } else {
    const kind = requests[0] as "disable" | "enable" | "remove";
    request = { kind, plug: options[kind]! };
  }
  const result = await stageChange(site, request, cliActor());
  if (options.json) out(JSON.stringify({ inspection, staged: result.change, replaced: result.replaced }, null, 2));
  else report(result, options.deployment);
}

/** Reads the archive into the site's incoming folder and inspects it; its .sha256, when beside it, must match first. */
async function upload(site: StagingSite, path: string): Promise<ArchiveInspection> {
  const size = (await stat(path).catch(() => undefined))?.size;
  if (size === undefined) {
    throw new CareCliError(`cannot stage ${path}: no such file`, {
      code: "file_missing",
      hint: "pass the path of a .tgz made by care pack",
    });
  }
  if (size > maxUploadBytes) {
    throw new CareCliError(`${path} is ${formatBytes(size)}, more than the ${formatBytes(maxUploadBytes)} a plug archive may be`, {
      code: "archive_upload_too_large",
      hint: "leave large files out of the plug's package (its files field) and pack it again",
    });
  }
  // A checksum file that came with the archive is checked as care verify checks it; the console has none.
  if (existsSync(`${path}.sha256`)) await verifyArchive(path);
  return receiveUpload(site, await readFile(path), basename(path));
}

function report(result: StageResult, deployment: string): void {
  out(`staged ${describeStagedChange(result.change)}`);
  if (result.replaced)
    out(`  it replaces the change staged before for plug ${result.replaced.plug}: ${describeStagedChange(result.replaced)}`);
  out(`apply the staged changes with: pnpm care apply -d ${deployment} (or the console's Apply button, under care serve)`);
}
