import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";
import type { LoadedPlug } from "../plugs/loaded-plug.js";
import type { UpgradeStep } from "../plugs/definition.js";
import { sqlWithoutNoise } from "./sql-without-noise.js";

export interface InstallScript {
  name: "install.sql";
  sql: string;
  checksum: string;
  /** Checksum of the script without comments and spacing: what the schema it builds depends on. */
  shape: string;
}

/** One version-to-version step: an SQL file, a TypeScript function, or both (SQL first). */
export interface UpgradeStepFiles {
  name: string;
  from: string;
  to: string;
  sql: string | undefined;
  code: UpgradeStep<unknown> | undefined;
  checksum: string;
}

export interface PlugMigrations {
  install: InstallScript | undefined;
  /** Ascending and contiguous, never past the plug's version (checked by `readPlugMigrations`). */
  steps: UpgradeStepFiles[];
  /** install.sql holds changes not released yet (an `upgrade/<version>_next.sql` is being written). */
  unreleased: boolean;
}

/** A plug's migrations that cannot run or be planned; `code` says which rule (docs/errors.md). */
export class PlugMigrationError extends Error {
  constructor(
    readonly plugId: string,
    message: string,
    readonly code: string = "plug_migrations_invalid",
  ) {
    super(message.startsWith(`plug ${plugId} `) ? message : `plug ${plugId}: ${message}`);
    this.reason = message;
  }

  /** What is wrong, as given: without the `plug <id>: ` the message starts with, for callers that name the plug themselves. */
  readonly reason: string;
}

const stepName = /^(.+)_(.+)$/;
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Reads a plug's migrations folder and TypeScript steps, and checks the chain has no gap or overlap. */
export async function readPlugMigrations(plug: LoadedPlug): Promise<PlugMigrations> {
  const folder = plug.definition.migrations;
  const dir = folder === undefined ? undefined : typeof folder === "string" ? folder : fileURLToPath(folder);
  const install = dir ? await readOptional(join(dir, "install.sql")) : undefined;
  const sqlSteps = new Map<string, string>();
  let unreleased = false;
  if (dir) {
    const upgradeDir = join(dir, "upgrade");
    for (const file of (await readdir(upgradeDir).catch(() => [])).sort()) {
      // `<version>_next.sql` is the step being written for the next release (see `care check`);
      // a fresh install already has it in install.sql, and it gets its real name at release.
      if (file.endsWith("_next.sql")) unreleased = true;
      if (!file.endsWith(".sql") || file.endsWith("_next.sql")) continue;
      sqlSteps.set(file.slice(0, -4), await readFile(join(upgradeDir, file), "utf8"));
    }
  }
  const codeSteps = plug.definition.upgrades ?? {};
  const names = new Set([...sqlSteps.keys(), ...Object.keys(codeSteps)]);
  const steps = [...names].map((name): UpgradeStepFiles => {
    const match = stepName.exec(name);
    const from = match && semver.valid(match[1]!);
    const to = match && semver.valid(match[2]!);
    if (!from || !to) {
      throw new PlugMigrationError(
        plug.id,
        `upgrade step "${name}" is not named <from>_<to> with full versions, e.g. upgrade/1.0.0_1.1.0.sql`,
        "plug_step_name_invalid",
      );
    }
    if (!semver.gt(to, from))
      throw new PlugMigrationError(
        plug.id,
        `upgrade step ${name} goes from ${from} to ${to}, which is not upwards`,
        "plug_step_name_invalid",
      );
    const sql = sqlSteps.get(name);
    const code = codeSteps[name] as UpgradeStep<unknown> | undefined;
    return { name, from, to, sql, code, checksum: sha256(`${sql ?? ""}\n--code--\n${code?.toString() ?? ""}`) };
  });
  steps.sort((a, b) => semver.compare(a.from, b.from));
  checkChain(plug, steps);
  if (!install)
    throw new PlugMigrationError(
      plug.id,
      `has no migrations/install.sql${dir ? ` in ${dir}` : ""}; every plug with tables needs one`,
      "plug_install_missing",
    );
  return {
    install: { name: "install.sql", sql: install, checksum: sha256(install), shape: sha256(sqlWithoutNoise(install)) },
    steps,
    unreleased,
  };
}

function checkChain(plug: LoadedPlug, steps: UpgradeStepFiles[]): void {
  for (let index = 1; index < steps.length; index += 1) {
    const previous = steps[index - 1]!;
    const step = steps[index]!;
    if (semver.lt(step.from, previous.to)) {
      throw new PlugMigrationError(
        plug.id,
        `upgrade steps ${previous.name} and ${step.name} overlap; each version may start one step only`,
        "plug_chain_overlap",
      );
    }
    if (semver.gt(step.from, previous.to)) {
      throw new PlugMigrationError(
        plug.id,
        `the upgrade chain has a gap: nothing goes from ${previous.to} to ${step.from}; add upgrade/${previous.to}_${step.from}.sql`,
        "plug_chain_gap",
      );
    }
  }
  // A release without schema changes has no step: the chain may end before the package's version.
  const last = steps[steps.length - 1];
  if (last && semver.gt(last.to, plug.version)) {
    throw new PlugMigrationError(
      plug.id,
      `upgrade step ${last.name} goes past the package's version ${plug.version}`,
      "plug_step_past_version",
    );
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export type MigrationPlan =
  | { kind: "install"; script: InstallScript }
  | { kind: "upgrade"; from: string; steps: UpgradeStepFiles[] }
  | { kind: "current" };

/** What to run, given the installed version (if any). Refuses downgrades and impossible paths. */
export function planMigration(plug: LoadedPlug, migrations: PlugMigrations, installed: string | undefined): MigrationPlan {
  if (installed === undefined) return { kind: "install", script: migrations.install! };
  if (installed === plug.version) return { kind: "current" };
  if (semver.gt(installed, plug.version)) {
    throw new PlugMigrationError(
      plug.id,
      `the database has ${plug.packageName} ${installed}, newer than this bundle's ${plug.version}; ` +
        `plugs are never downgraded: deploy a bundle with ${installed} or later`,
      "plug_downgrade_refused",
    );
  }
  // Steps not yet applied; a patch release between steps shares the schema of the step it follows.
  const pending = migrations.steps.filter((step) => semver.gt(step.to, installed));
  const first = pending[0];
  if (first && semver.gt(first.from, installed)) {
    throw new PlugMigrationError(
      plug.id,
      `no upgrade path from the installed ${installed}: the next step starts at ${first.from}; add upgrade/${installed}_${first.from}.sql`,
      "plug_upgrade_path_missing",
    );
  }
  return { kind: "upgrade", from: installed, steps: pending };
}
