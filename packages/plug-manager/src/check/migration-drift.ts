import { cp, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { migrateCore, openDatabase, type CareDatabase } from "@care/core";
import {
  careCodeOf,
  planMigration,
  plugSchema,
  enterPlugRole,
  readPlugMigrations,
  runPlugStep,
  sqlWithoutNoise,
  StepFailure,
  type AnyPlugDefinition,
  type LoadedPlug,
  type MigrationPlan,
  type PlugBlock,
  type PlugMigrations,
  type UpgradeStep,
  type UpgradeStepFiles,
} from "@care/runtime/tooling";
import { sql, type Kysely, type Transaction } from "kysely";
import semver from "semver";
import { readSchemaCatalog, type SchemaCatalog } from "./schema-catalog.js";
import { compareCatalogs } from "./schema-diff.js";
import { CareCliError } from "../cli-error.js";

/** What the migration checks read of a plug: a `LoadedPlug` will do. */
export interface MigrationCheckPlug {
  /** Names the schema and role `plug_<id>`. */
  id: string;
  /** The package's version. */
  version: string;
  packageName?: string;
  definition: Pick<AnyPlugDefinition, "migrations" | "upgrades" | "config">;
  /** The core columns it declares it reads: its steps run with those grants, as at run time. */
  block?: Pick<PlugBlock, "coreReads">;
}

export interface MigrationDriftOptions {
  /** The config TypeScript upgrade steps get; by default the defaults of the plug's config schema. */
  config?: Record<string, unknown>;
  /**
   * A database from `openMigrationCheckDatabase()`, to share between the plugs of one `care check`
   * (starting PGlite takes seconds). Without it the check opens and closes its own.
   */
  database?: MigrationCheckDatabase;
}

/** An in-memory PGlite with the core schema, for migration checks; each check leaves it as it was. */
export interface MigrationCheckDatabase {
  close(): Promise<void>;
}

/** Opens the database when a check first needs one; undefined until then. */
interface LazyDatabase {
  get(): Promise<CareDatabase>;
  opened(): Promise<CareDatabase> | undefined;
}

const scratchDatabases = new WeakMap<MigrationCheckDatabase, LazyDatabase>();

/**
 * The database the migration checks build schemas in: PGlite in memory, also when DATABASE_URL
 * is set (this is a build-time check), with the core schema migrated. Starting PGlite takes
 * seconds, and only a plug with a baseline needs it, so it starts at the first check that builds
 * a schema: a deployment whose plugs have only install.sql never starts it.
 */
export async function openMigrationCheckDatabase(): Promise<MigrationCheckDatabase> {
  let opening: Promise<CareDatabase> | undefined;
  const lazy: LazyDatabase = {
    get: () => (opening ??= openMigratedDatabase()),
    opened: () => opening,
  };
  const handle: MigrationCheckDatabase = {
    close: async () => {
      // A database that failed to open has nothing to close.
      const database = await lazy.opened()?.catch(() => undefined);
      await database?.close();
    },
  };
  scratchDatabases.set(handle, lazy);
  return handle;
}

async function openMigratedDatabase(): Promise<CareDatabase> {
  const database = await openDatabase({});
  try {
    await migrateCore(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

export interface MigrationDriftResult {
  plug: string;
  ok: boolean;
  /**
   * Each a sentence, e.g. `table results: column unit is text in install.sql but varchar(20) after
   * the upgrade chain`. When a script fails or the chain cannot be read, that failure is the one entry.
   */
  differences: string[];
  /** The script that failed (`install.sql`, `baseline/1.0.0.sql`, `upgrade/1.0.0_1.1.0.sql`), if one did. */
  failedStep?: string;
  /** What was compared: install.sql against these scripts, in order. Empty when nothing was. */
  chain: string[];
  /** For the caller to print: names the plug, lists the differences and says what to do. */
  summary: string;
}

const installSide = "in install.sql";
const chainSide = "after the upgrade chain";

/**
 * Builds the plug's schema twice on an in-memory PGlite with the core schema, with the plug's role
 * prepared as the runtime does: A from install.sql, B from the oldest release's install script
 * (`migrations/baseline/<version>.sql`) and every upgrade step after it, in order. Each is built in
 * a transaction that is rolled back once its catalog is read, so neither sees the other: the same
 * as two fresh databases, at the cost of starting one. Then compares schema `plug_<id>` of A and B.
 */
export async function checkInstallMatchesChain(
  plug: MigrationCheckPlug,
  options: MigrationDriftOptions = {},
): Promise<MigrationDriftResult> {
  const result = (ok: boolean, differences: string[], chain: string[], summary: string, failedStep?: string): MigrationDriftResult => ({
    plug: plug.id,
    ok,
    differences,
    ...(failedStep !== undefined && { failedStep }),
    chain,
    summary,
  });
  const fail = (problem: string) => result(false, [problem], [], `plug ${plug.id}: ${problem}`);

  const dir = migrationsDir(plug);
  if (dir === undefined && !plug.definition.upgrades) return result(true, [], [], `plug ${plug.id} has no migrations; nothing to compare`);
  // Most plugs have only install.sql: one listing of the folder tells, instead of reading
  // install.sql and upgrade/ again (`care check` has just read them) for every plug.
  if (dir !== undefined && Object.keys(plug.definition.upgrades ?? {}).length === 0) {
    const files = await readdir(dir).catch(() => [] as string[]);
    if (files.includes("install.sql") && !files.includes("baseline") && !files.includes("upgrade")) {
      return result(true, [], [], `plug ${plug.id} has no baseline and no upgrade steps; nothing to compare`);
    }
  }

  const baselines = dir ? await readBaselines(dir) : { versions: [], problems: [] };
  if (baselines.problems.length > 0)
    return result(false, baselines.problems, [], summarise(plug.id, baselines.problems, "fix the baseline folder"));
  let chain: Chain;
  try {
    chain = await readChain(plug, dir);
  } catch (error) {
    return fail(reasonOf(error));
  }
  try {
    const baseline = baselines.versions[0];
    if (baseline === undefined) {
      const first = chain.migrations.steps[0];
      if (!first) return result(true, [], [], `plug ${plug.id} has no baseline and no upgrade steps; nothing to compare`);
      return fail(
        `the upgrade steps start at ${first.from} but there is no migrations/baseline/${first.from}.sql, the install script ` +
          `${first.from} was released with, so the chain cannot be checked: copy that release's install.sql there and never edit it`,
      );
    }
    if (semver.gt(baseline, chain.plug.version))
      return fail(`baseline/${baseline}.sql is newer than the package's version ${plug.version}`);
    let planned: MigrationPlan;
    try {
      planned = planMigration(chain.plug, chain.migrations, baseline);
    } catch (error) {
      return fail(`cannot upgrade baseline/${baseline}.sql: ${reasonOf(error)}`);
    }
    const steps = planned.kind === "upgrade" ? planned.steps : [];
    const scripts: Script[] = [
      { name: `baseline/${baseline}.sql`, sql: await readFile(join(dir!, "baseline", `${baseline}.sql`), "utf8") },
    ];
    for (const step of steps) scripts.push(...stepScripts(step, chain.displayName(step)));
    const chainNames = scripts.map((script) => script.name);
    const sides = { a: installSide, b: steps.length > 0 ? chainSide : `in baseline/${baseline}.sql` };
    const context = { id: plug.id, config: options.config ?? defaultConfig(plug), logger: silentLogger };

    const own = options.database ? undefined : await openMigrationCheckDatabase();
    const lazy = scratchDatabases.get((options.database ?? own)!);
    if (!lazy) throw new Error("options.database must come from openMigrationCheckDatabase()");
    let built: Built | Failure;
    let rebuilt: Built | Failure;
    try {
      const database = await lazy.get();
      built = await buildSchema(database, plug, [{ name: "install.sql", sql: chain.migrations.install!.sql }], context);
      rebuilt = await buildSchema(database, plug, scripts, context);
    } finally {
      await own?.close();
    }
    const failures = [built, rebuilt].filter((side): side is Failure => "failure" in side);
    if (failures.length > 0) {
      const problems = failures.map((failure) => failure.failure);
      const summary =
        `plug ${plug.id}: ${problems.join("; ")}, so install.sql and ${describeChain(chainNames)} could not be ` +
        `compared. Fix the script in ${dir} and run care check again`;
      return { plug: plug.id, ok: false, differences: problems, failedStep: failures[0]!.step, chain: chainNames, summary };
    }
    const differences = compareCatalogs((built as Built).catalog, (rebuilt as Built).catalog, sides);
    if (differences.length === 0) {
      return result(
        true,
        [],
        chainNames,
        `plug ${plug.id}: install.sql builds the same schema ${plugSchema(plug.id)} as ${describeChain(chainNames)}`,
      );
    }
    const heading =
      `install.sql and ${describeChain(chainNames)} build different schemas ${plugSchema(plug.id)} ` +
      `(${differences.length} difference${differences.length === 1 ? "" : "s"})`;
    const advice =
      steps.length > 0
        ? `make install.sql and the upgrade steps in ${dir} end at the same schema`
        : `install.sql changed since ${baseline}: add ${dir}/${nextStepFileName(baseline)} with the changes`;
    return result(false, differences, chainNames, summarise(plug.id, differences, advice, heading));
  } finally {
    await chain.dispose();
  }
}

export interface ChangedInstallResult {
  plug: string;
  ok: boolean;
  problems: string[];
  /** The step file to write when one is missing, e.g. `upgrade/1.2.0_next.sql`. */
  nextStep?: string;
  summary: string;
}

/**
 * A plug whose install.sql changed since its last released version must have an upgrade step from
 * that version. `released.installSql` is that release's install.sql (from git or the registry).
 * Comments, whitespace and the case of keywords are no change; anything else is.
 */
export async function checkUpgradeStepForChangedInstall(
  plug: MigrationCheckPlug,
  released: { version: string; installSql: string },
): Promise<ChangedInstallResult> {
  const version = semver.valid(released.version);
  if (!version)
    throw new CareCliError(`plug ${plug.id}: the released version "${released.version}" is not a version like 1.2.0`, {
      code: "plug_version_invalid",
    });
  const result = (ok: boolean, problems: string[], summary: string, nextStep?: string): ChangedInstallResult => ({
    plug: plug.id,
    ok,
    problems,
    ...(nextStep !== undefined && { nextStep }),
    summary: `plug ${plug.id}: ${summary}`,
  });
  const dir = migrationsDir(plug);
  const current = dir ? await readOptional(join(dir, "install.sql")) : undefined;
  if (current === undefined) {
    const problem = `there is no migrations/install.sql, but ${version} had one`;
    return result(false, [problem], problem);
  }
  if (sqlWithoutNoise(current) === sqlWithoutNoise(released.installSql))
    return result(true, [], `install.sql has not changed since ${version}`);

  let chain: Chain;
  try {
    chain = await readChain(plug, dir);
  } catch (error) {
    const reason = reasonOf(error);
    return { plug: plug.id, ok: false, problems: [reason], summary: `plug ${plug.id}: ${reason}` };
  }
  try {
    // The runtime's rule: the first step past the released version must start at or before it.
    const pending = chain.migrations.steps.filter((step) => semver.gt(step.to, version));
    const first = pending[0];
    if (first && !semver.gt(first.from, version)) {
      const name = chain.displayName(first);
      const waiting = name.endsWith("_next")
        ? `; rename upgrade/${name}.sql to its version after \`pnpm changeset version\` (renameNextStep)`
        : "";
      return result(true, [], `install.sql changed since ${version} and upgrade/${name} upgrades from it${waiting}`);
    }
    const nextStep = nextStepFileName(version);
    const problem = `install.sql changed since ${version} but there is no upgrade/${version}_<next>.sql`;
    return result(
      false,
      [problem],
      `${problem}. Databases at ${version} would keep the old schema: write the step as migrations/${nextStep} (it is renamed to the ` +
        `new version after \`pnpm changeset version\`)`,
      nextStep,
    );
  } finally {
    await chain.dispose();
  }
}

/** The file to write the next upgrade step in, before the new version is known: `upgrade/1.2.0_next.sql`. */
export function nextStepFileName(version: string): string {
  const valid = semver.valid(version);
  if (!valid) throw new CareCliError(`"${version}" is not a version like 1.2.0`, { code: "plug_version_invalid" });
  return `upgrade/${valid}_next.sql`;
}

/**
 * Gives `upgrade/<from>_next.sql` in the migrations folder its version, `upgrade/<from>_<newVersion>.sql`;
 * to run after `pnpm changeset version`. Returns what was renamed (paths relative to the folder), or
 * undefined when there is no next step.
 */
export async function renameNextStep(folder: string | URL, newVersion: string): Promise<{ from: string; to: string } | undefined> {
  const dir = typeof folder === "string" ? folder : fileURLToPath(folder);
  const upgradeDir = join(dir, "upgrade");
  const next = (await readdir(upgradeDir).catch(() => [] as string[])).filter((file) => file.endsWith("_next.sql")).sort();
  if (next.length === 0) return undefined;
  if (next.length > 1)
    throw new CareCliError(`${upgradeDir} has ${next.length} next steps (${next.join(", ")}); keep one, from the last released version`, {
      code: "plug_next_step_invalid",
    });
  const file = next[0]!;
  const from = semver.valid(file.slice(0, -"_next.sql".length));
  if (!from)
    throw new CareCliError(`upgrade/${file} does not start with a version; name it upgrade/<last released version>_next.sql`, {
      code: "plug_next_step_invalid",
    });
  const to = semver.valid(newVersion);
  if (!to)
    throw new CareCliError(`cannot rename upgrade/${file}: "${newVersion}" is not a version like 1.3.0`, { code: "plug_version_invalid" });
  if (!semver.gt(to, from))
    throw new CareCliError(
      `cannot rename upgrade/${file} to upgrade/${from}_${to}.sql: ${to} is not newer than ${from}; bump the version first (pnpm ` +
        `changeset version)`,
      { code: "plug_next_step_invalid" },
    );
  const target = `${from}_${to}.sql`;
  if (await exists(join(upgradeDir, target)))
    throw new CareCliError(`cannot rename upgrade/${file}: upgrade/${target} already exists`, { code: "plug_next_step_invalid" });
  await rename(join(upgradeDir, file), join(upgradeDir, target));
  return { from: `upgrade/${file}`, to: `upgrade/${target}` };
}

interface Script {
  name: string;
  sql?: string;
  code?: UpgradeStep<unknown>;
}

interface Built {
  catalog: SchemaCatalog;
}

interface Failure {
  step: string;
  failure: string;
}

type StepContext = Parameters<UpgradeStep<unknown>>[1];

/** A step's SQL file, then its TypeScript function, as the runtime runs them. */
function stepScripts(step: UpgradeStepFiles, name: string): Script[] {
  const scripts: Script[] = [];
  if (step.sql !== undefined) scripts.push({ name: `upgrade/${name}.sql`, sql: step.sql });
  if (step.code) scripts.push({ name: `upgrade step ${name} (TypeScript)`, code: step.code });
  return scripts;
}

/**
 * Runs the scripts in one transaction as role plug_<id> with search_path plug_<id>, like the
 * runtime's migratePlug, reads the schema's catalog, then rolls everything back.
 */
async function buildSchema(
  database: CareDatabase,
  plug: MigrationCheckPlug,
  scripts: Script[],
  context: StepContext,
): Promise<Built | Failure> {
  const { id } = plug;
  const schema = plugSchema(id);
  try {
    await database.db.transaction().execute(async (tx) => {
      await enterPlugRole(tx, id, plug.block?.coreReads ?? {});
      for (const script of scripts) {
        const failure = await runScript(database, tx, id, script, context);
        if (failure) throw new RollBack(failure);
      }
      await sql`reset role`.execute(tx);
      throw new RollBack({ catalog: await readSchemaCatalog(tx, schema) });
    });
  } catch (error) {
    if (error instanceof RollBack) return error.outcome;
    throw error;
  }
  throw new Error("unreachable: the transaction always rolls back");
}

/** Thrown to end a transaction with a rollback, carrying what was found inside it. */
class RollBack extends Error {
  constructor(readonly outcome: Built | Failure) {
    super("rolled back");
  }
}

async function runScript(
  database: CareDatabase,
  tx: Transaction<any>,
  id: string,
  script: Script,
  context: StepContext,
): Promise<Failure | undefined> {
  const code = script.code && ((db: Kysely<any>) => script.code!(db, context));
  try {
    await runPlugStep(tx, database, id, { name: script.name, sql: script.sql, code });
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    if (error.refused) return { step: script.name, failure: error.message };
    return {
      step: script.name,
      failure: `${script.name} failed${error.line === undefined ? "" : ` at line ${error.line}`}: ${error.message}`,
    };
  }
  return undefined;
}

interface Chain {
  migrations: PlugMigrations;
  /** The plug as the runtime's planner should see it (its version covers a next step). */
  plug: LoadedPlug;
  /** A step's name as the files say it: `1.2.0_next` for a next step not yet renamed. */
  displayName(step: UpgradeStepFiles): string;
  dispose(): Promise<void>;
}

/**
 * The runtime's reading of the migrations folder, which checks the chain has no gap or overlap.
 * A next step (`upgrade/<from>_next.sql`, not yet given its version) is read as the step to the
 * package's version, or to the next patch when the version is not bumped yet, from a copy of the folder.
 */
async function readChain(plug: MigrationCheckPlug, dir: string | undefined): Promise<Chain> {
  const loaded = asLoadedPlug(plug);
  const next = dir ? (await readdir(join(dir, "upgrade")).catch(() => [] as string[])).filter((file) => file.endsWith("_next.sql")) : [];
  if (next.length === 0) {
    return { migrations: await readPlugMigrations(loaded), plug: loaded, displayName: (step) => step.name, dispose: async () => {} };
  }
  if (next.length > 1)
    throw new CareCliError(`upgrade/ has ${next.length} next steps (${next.sort().join(", ")}); keep one, from the last released version`, {
      code: "plug_next_step_invalid",
    });
  const file = next[0]!;
  const from = semver.valid(file.slice(0, -"_next.sql".length));
  if (!from)
    throw new CareCliError(`upgrade/${file} does not start with a version; name it upgrade/<last released version>_next.sql`, {
      code: "plug_next_step_invalid",
    });
  const to = semver.gt(plug.version, from) ? plug.version : semver.inc(from, "patch")!;
  if (await exists(join(dir!, "upgrade", `${from}_${to}.sql`))) {
    throw new CareCliError(`upgrade/${file} and upgrade/${from}_${to}.sql both start at ${from}; each version may start one step only`, {
      code: "plug_next_step_invalid",
    });
  }
  const copy = await mkdtemp(join(tmpdir(), "care-check-migrations-"));
  try {
    await cp(dir!, copy, { recursive: true });
    await rename(join(copy, "upgrade", file), join(copy, "upgrade", `${from}_${to}.sql`));
    const forPlanning = {
      ...loaded,
      version: semver.gt(to, plug.version) ? to : plug.version,
      definition: { ...loaded.definition, migrations: copy },
    };
    const nextName = `${from}_${to}`;
    const asNamed = (text: string) => text.replaceAll(nextName, `${from}_next`);
    let migrations: PlugMigrations;
    try {
      migrations = await readPlugMigrations(forPlanning);
    } catch (error) {
      throw new CareCliError(asNamed(reasonOf(error)).replaceAll(copy, dir!), {
        code: careCodeOf(error) ?? "plug_migrations_invalid",
        cause: error,
      });
    }
    return {
      migrations,
      plug: forPlanning,
      displayName: (step) => (step.name === nextName ? `${from}_next` : step.name),
      dispose: () => rm(copy, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(copy, { recursive: true, force: true });
    throw error;
  }
}

/** The runtime's functions read only the id, version, package name and definition of a loaded plug. */
function asLoadedPlug(plug: MigrationCheckPlug): LoadedPlug {
  return {
    id: plug.id,
    packageName: plug.packageName ?? plug.id,
    version: plug.version,
    definition: plug.definition as AnyPlugDefinition,
    block: { id: plug.id, coreReads: plug.block?.coreReads ?? {} },
    configs: undefined,
    required: false,
  } as LoadedPlug;
}

function migrationsDir(plug: MigrationCheckPlug): string | undefined {
  const folder = plug.definition.migrations;
  return folder === undefined ? undefined : typeof folder === "string" ? folder : fileURLToPath(folder);
}

/** The versions of `baseline/<version>.sql`, oldest first. */
async function readBaselines(dir: string): Promise<{ versions: string[]; problems: string[] }> {
  const files = (await readdir(join(dir, "baseline")).catch(() => [] as string[])).filter((file) => file.endsWith(".sql")).sort();
  const versions: string[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const version = semver.valid(file.slice(0, -4));
    if (version && version === file.slice(0, -4)) versions.push(version);
    else problems.push(`baseline/${file} is not named <version>.sql, e.g. baseline/1.0.0.sql`);
  }
  return { versions: versions.sort(semver.compare), problems };
}

/** The config a TypeScript step sees at build time: the schema's defaults, when it has them for everything. */
function defaultConfig(plug: MigrationCheckPlug): Record<string, unknown> {
  const parsed = plug.definition.config?.safeParse({});
  return parsed?.success && typeof parsed.data === "object" && parsed.data !== null ? (parsed.data as Record<string, unknown>) : {};
}

const ignore = () => {};
const silentLogger = {
  level: "silent",
  fatal: ignore,
  error: ignore,
  warn: ignore,
  info: ignore,
  debug: ignore,
  trace: ignore,
  silent: ignore,
  child: () => silentLogger,
} as unknown as StepContext["logger"];

function describeChain(names: string[]): string {
  return names.join(" + ");
}

function summarise(id: string, problems: string[], advice: string, heading?: string): string {
  return [`plug ${id}: ${heading ?? "migrations cannot be checked"}:`, ...problems.map((problem) => `  - ${problem}`), `  ${advice}`].join(
    "\n",
  );
}

/** What a refusal says without naming the plug (PlugMigrationError's `reason`): the caller names it once. */
function reasonOf(error: unknown): string {
  const { reason } = error as { reason?: unknown };
  return typeof reason === "string" ? reason : (error as Error).message;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
