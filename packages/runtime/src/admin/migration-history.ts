import { appliedCoreMigrations } from "@care/core";
import { sql, type Kysely } from "kysely";
import type { MigrationStep } from "./admin-plug-schemas.js";

// A start runs the core's migrations and then the plugs' in one transaction: a plug step records the
// transaction's start (now()) and a core migration the clock as it ran, a little later. A core
// migration sorts as if this much earlier, so it comes before the plug steps of its own start.
const sameStartMs = 60_000;

const isoOf = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date = new Date(value as string | Date);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** Every step the database recorded, the core's and each plug's (or one plug's), oldest first. */
export async function readMigrationHistory(db: Kysely<any>, plug?: string): Promise<MigrationStep[]> {
  // A database Care never started on has recorded nothing yet.
  if ((await appliedCoreMigrations(db)).length === 0) return [];
  const core =
    plug === undefined
      ? (await sql<{ name: string; timestamp: string }>`select name, timestamp from care_system.core_migrations order by name`.execute(db))
          .rows
      : [];
  const { rows: steps } = await sql<{ plug_id: string; step: string; to_version: string; checksum: string; ran_at: Date | string }>`
    select plug_id, step, to_version, checksum, ran_at from care_system.plug_steps
    ${plug === undefined ? sql`` : sql`where plug_id = ${plug}`} order by id`.execute(db);
  const entries = [
    ...core.map((row, order) => ({
      at: (Date.parse(row.timestamp) || 0) - sameStartMs,
      order,
      step: { plug: null, step: row.name, toVersion: null, checksum: null, appliedAt: isoOf(row.timestamp) } satisfies MigrationStep,
    })),
    ...steps.map((row, order) => ({
      at: new Date(row.ran_at).getTime(),
      order: core.length + order,
      step: { plug: row.plug_id, step: row.step, toVersion: row.to_version, checksum: row.checksum, appliedAt: isoOf(row.ran_at) },
    })),
  ];
  return entries.sort((a, b) => a.at - b.at || a.order - b.order).map((entry) => entry.step);
}
