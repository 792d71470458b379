import { Migrator, sql, type Kysely, type Migration } from "kysely";
import * as initial from "./migrations/0001_initial.js";
import * as plugRegistry from "./migrations/0002_plug_registry.js";

/** The core's migrations, in order. Names are recorded; never rename or edit one that shipped. */
const coreMigrations: Record<string, Migration> = {
  "0001_initial": initial,
  "0002_plug_registry": plugRegistry,
};

export interface MigrationReport {
  applied: string[];
}

/** Brings the core schema up to date, all pending migrations in one transaction. */
export async function migrateCore(db: Kysely<any>): Promise<MigrationReport> {
  await sql`create schema if not exists care_system`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => coreMigrations },
    migrationTableSchema: "care_system",
    migrationTableName: "core_migrations",
    migrationLockTableName: "core_migrations_lock",
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === "Error");
    const step = failed ? `core migration ${failed.migrationName}` : "core migrations";
    throw new Error(`${step} failed and nothing was applied: ${(error as Error).message}`, { cause: error });
  }
  return { applied: results.filter((result) => result.status === "Success").map((result) => result.migrationName) };
}
