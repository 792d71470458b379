import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { normalisePackagePath, type PlugBlock } from "@care/runtime/check-tooling";
import semver from "semver";
import { defaultArchiveLimits } from "../../archive/index.js";
import type { ArchiveProblem } from "../../archive/problem.js";
import { scanTarGz } from "../../archive/scan-tar.js";
import { CareCliError } from "../../cli-error.js";

export interface UpgradeStepLine {
  from: string;
  to: string;
  /** The step's file inside the package, e.g. migrations/upgrade/1.0.0_1.1.0.sql. */
  file: string;
}

export interface UpgradeSubject {
  id: string;
  packageName: string;
  version: string;
  block: PlugBlock;
}

// Where a plug keeps its SQL (definePlug({ migrations: new URL("../migrations/", import.meta.url) })): the
// code that names the folder is not run here, so the convention every plug follows is read instead.
const migrationsFolder = "package/migrations/";
const stepFile = /^package\/migrations\/(install\.sql|upgrade\/[^/]+\.sql)$/;
const fileTypes = new Set(["File", "OldFile", "ContiguousFile"]);
/** A gap only SQL can show: a TypeScript step (definePlug upgrades, in code not run here) may bridge it. */
const bridgeable = new Set(["plug_chain_gap", "plug_upgrade_path_missing"]);

/**
 * The upgrade steps that will run going from `from` to the archive's version: the archive's
 * migrations/ SQL files, read from the tarball, planned by the runtime's own reader and planner (the
 * ones `care check` and a start use). A chain that cannot work (a misnamed, overlapping or
 * overshooting step) refuses the archive with the runtime's code.
 */
export async function upgradeSteps(archive: string, plug: UpgradeSubject, from: string): Promise<UpgradeStepLine[]> {
  const files = await migrationFiles(archive);
  if (files.size === 0) return [];
  const { readPlugMigrations, planMigration, PlugMigrationError } = await import("@care/runtime/tooling");
  const folder = await mkdtemp(join(tmpdir(), "care-staged-migrations-"));
  try {
    for (const [path, content] of files) {
      const target = join(folder, path.slice(migrationsFolder.length));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    // Only the fields the reader and planner use: the migrations folder, and no code steps (code is not run).
    const loaded = {
      id: plug.id,
      packageName: plug.packageName,
      version: plug.version,
      block: plug.block,
      definition: { kind: "care-plug", migrations: folder },
      configs: undefined,
      required: false,
      enabled: true,
    } as unknown as Parameters<typeof readPlugMigrations>[0];
    try {
      const plan = planMigration(loaded, await readPlugMigrations(loaded), from);
      return plan.kind === "upgrade" ? plan.steps.map((step) => lineOf(step.from, step.to)) : [];
    } catch (error) {
      if (!(error instanceof PlugMigrationError)) throw error;
      if (bridgeable.has(error.code)) return sqlStepsBetween([...files.keys()], from, plug.version);
      throw new CareCliError(`the archive's migrations cannot upgrade plug ${plug.id} from ${from}: ${error.reason}`, {
        code: error.code,
        hint: "ask its publisher for a release whose care check passes; nothing was staged",
      });
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const lineOf = (from: string, to: string): UpgradeStepLine => ({ from, to, file: `migrations/upgrade/${from}_${to}.sql` });

/** The SQL steps above `from` up to `to`, ascending, when only a code step could close the chain. */
function sqlStepsBetween(paths: string[], from: string, to: string): UpgradeStepLine[] {
  return paths
    .map((path) => /^package\/migrations\/upgrade\/(.+)_(.+)\.sql$/.exec(path))
    .filter((match): match is RegExpExecArray => match !== null && semver.valid(match[1]!) !== null && semver.valid(match[2]!) !== null)
    .map((match) => lineOf(match[1]!, match[2]!))
    .filter((step) => semver.gt(step.to, from) && semver.lte(step.to, to))
    .sort((a, b) => semver.compare(a.from, b.from));
}

/** The archive's migrations/*.sql files, by normalised path, read from the tarball without unpacking it. */
async function migrationFiles(archive: string): Promise<Map<string, Buffer>> {
  const problems: ArchiveProblem[] = [];
  const scan = await scanTarGz(archive, {
    limits: defaultArchiveLimits,
    problems,
    onEntry: () => {},
    capture: (entry) => fileTypes.has(entry.type) && stepFile.test(normalisePackagePath(entry.path)),
  });
  // verifyArchive read this archive already; a problem now means it changed since.
  if (problems.length > 0 || !scan.complete) {
    throw new CareCliError(`the archive could not be read again for its migrations: ${problems[0]?.problem ?? "it was cut short"}`, {
      code: problems[0]?.code ?? "archive_damaged",
      hint: "upload it again; nothing was staged",
    });
  }
  return new Map([...scan.captured].map(([path, content]) => [normalisePackagePath(path), content]));
}
