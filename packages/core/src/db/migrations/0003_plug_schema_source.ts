import { sql, type Kysely } from "kysely";

/**
 * What a plug's schema was built from, to catch a release whose install.sql changed with no step
 * covering it: `install_shape` is the checksum of the install.sql (without comments and spacing)
 * the schema now matches; `development` marks a schema built from an unreleased install.sql.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table care_system.plugs add column install_shape text, add column development boolean not null default false`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("core migrations are never reverted; restore from a backup instead");
}
