import type { LoadedPlug } from "../plugs/loaded-plug.js";
import { PlugMigrationError, type MigrationPlan, type PlugMigrations } from "./plug-migrations.js";
import type { RecordedPlug } from "./registry.js";

/** How a developer puts a plug built from an unreleased install.sql back to nothing. */
export const resetCommand = (id: string) => `pnpm care plug reset ${id} -d <deployment> --confirm ${id}`;

/**
 * An upgrade may only be recorded when the database will match a fresh install of the new version.
 * Two ways it would not, each refused before anything runs:
 * - the schema was built from an unreleased install.sql (a developer's database): no release's steps
 *   were written against it;
 * - install.sql changed since the installed version and no upgrade step runs: the database would be
 *   recorded at the new version without the change, and its writes would fail on what is missing.
 */
export function refuseUncoveredInstallChange(
  plug: LoadedPlug,
  migrations: PlugMigrations,
  plan: Extract<MigrationPlan, { kind: "upgrade" }>,
  installed: RecordedPlug,
): void {
  if (installed.development) {
    throw new PlugMigrationError(
      plug.id,
      `this database's plug_${plug.id} schema was built from an unreleased install.sql of ${installed.version} (a development database), ` +
        `so the upgrade steps to ${plug.version} were not written against it. Nothing was changed. ` +
        `Reset the plug's schema and data on this development database with \`${resetCommand(plug.id)}\`, ` +
        "or start it on an empty data folder",
      "plug_development_schema",
    );
  }
  const shape = migrations.install?.shape;
  if (plan.steps.length > 0 || !shape || !installed.installShape || shape === installed.installShape) return;
  throw new PlugMigrationError(
    plug.id,
    `install.sql of ${plug.packageName} changed between ${installed.version} and ${plug.version}, but no upgrade step covers the change: ` +
      `this database would be recorded at ${plug.version} without it. Nothing was changed. ` +
      `Add migrations/upgrade/${installed.version}_${plug.version}.sql with the change ` +
      "(`pnpm care check` shows what differs), rebuild, and start again",
    "plug_install_changed_without_step",
  );
}
