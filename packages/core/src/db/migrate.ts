import { sql, type Kysely, type Migration, type Transaction } from "kysely";
import * as initial from "./migrations/0001_initial.js";
import * as plugRegistry from "./migrations/0002_plug_registry.js";
import * as plugSchemaSource from "./migrations/0003_plug_schema_source.js";
import * as outboxClaimIndex from "./migrations/0004_outbox_claim_index.js";
import * as plugLogins from "./migrations/0005_plug_logins.js";
import * as deliveryActions from "./migrations/0006_delivery_actions.js";
import * as plugLifecycle from "./migrations/0007_plug_lifecycle.js";
import { CoreMigrationError } from "../errors/core-migration-error.js";

/** The core's migrations, in order. Names are recorded; never rename or edit one that shipped. */
const coreMigrations: ReadonlyArray<readonly [string, Migration]> = [
  ["0001_initial", initial],
  ["0002_plug_registry", plugRegistry],
  ["0003_plug_schema_source", plugSchemaSource],
  ["0004_outbox_claim_index", outboxClaimIndex],
  ["0005_plug_logins", plugLogins],
  ["0006_delivery_actions", deliveryActions],
  ["0007_plug_lifecycle", plugLifecycle],
];

export const latestCoreMigration = coreMigrations[coreMigrations.length - 1]![0];

export interface MigrationReport {
  applied: string[];
}

/** One lock for everything that changes a deployment's schema: core and plugs, in every process. */
export async function lockDeploymentSchema(tx: Transaction<any>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('care_deployment_schema'))`.execute(tx);
}

/** Names of the core migrations the database has recorded; none on a database Care never started on. */
export async function appliedCoreMigrations(db: Kysely<any>): Promise<string[]> {
  // Asked without touching a missing table (inside a transaction, an error would abort it), and from
  // the catalog tables rather than to_regclass: its cache can still say "absent" right after waiting
  // for the lock of the instance that just created the table.
  const { rows: exists } = await sql<{ present: boolean }>`select exists (select from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'care_system' and c.relname = 'core_migrations') as present`.execute(db);
  if (!exists[0]?.present) return [];
  const { rows } = await sql<{ name: string }>`select name from care_system.core_migrations order by name`.execute(db);
  return rows.map((row) => row.name);
}

/**
 * The core migrations still to run. A recorded migration this code does not know means a newer
 * Care migrated the database: running this older one on it could corrupt data, so refuse.
 */
export function pendingCoreMigrations(applied: readonly string[]): Array<readonly [string, Migration]> {
  const known = new Set(coreMigrations.map(([name]) => name));
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new CoreMigrationError(
      "core_downgrade_refused",
      `the database has core migration(s) ${unknown.join(", ")}, which this version of Care does not know: a newer version migrated it. ` +
        "Care is never downgraded: deploy that newer version (or restore a backup taken before it ran)",
    );
  }
  const done = new Set(applied);
  return coreMigrations.filter(([name]) => !done.has(name));
}

/** Runs the pending core migrations in `tx`, recorded in `care_system.core_migrations`; the caller holds the lock. */
export async function applyCoreMigrations(tx: Transaction<any>): Promise<MigrationReport> {
  const pending = pendingCoreMigrations(await appliedCoreMigrations(tx));
  if (pending.length === 0) return { applied: [] };
  await sql`create schema if not exists care_system`.execute(tx);
  // The columns Kysely's migrator used, so databases it migrated carry on unchanged.
  await sql`create table if not exists care_system.core_migrations
              (name varchar(255) primary key, timestamp varchar(255) not null)`.execute(tx);
  for (const [name, migration] of pending) {
    try {
      await migration.up(tx);
    } catch (error) {
      throw new CoreMigrationError(
        "core_migration_failed",
        `core migration ${name} failed and nothing was applied: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    await sql`insert into care_system.core_migrations (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(tx);
  }
  return { applied: pending.map(([name]) => name) };
}

/** Brings the core schema up to date on its own, all pending migrations in one transaction. */
export async function migrateCore(db: Kysely<any>): Promise<MigrationReport> {
  if (pendingCoreMigrations(await appliedCoreMigrations(db)).length === 0) return { applied: [] };
  return db.transaction().execute(async (tx) => {
    await lockDeploymentSchema(tx);
    return applyCoreMigrations(tx);
  });
}
