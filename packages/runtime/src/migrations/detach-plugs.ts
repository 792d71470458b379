import { appliedCoreMigrations, type CareDatabase } from "@care/core";
import { sql, type Kysely } from "kysely";
import type { Logger } from "pino";
import type { PreparedPlugs } from "../plugs/prepare.js";
import { plugSchema } from "./plug-role.js";

/** A plug the registry knows and this bundle does not run: its schema, role and data are kept. */
export interface DetachedPlug {
  id: string;
  package: string;
  /** The version its schema is at; adding it back upgrades from here. */
  version: string;
  /** When a start or `care migrate` found it gone from plug.config.ts; null until one has. */
  detachedAt: string | null;
  schema: string;
  /** Whether its schema is still in the database (a DBA may have dropped it by hand). */
  schemaKept: boolean;
  /** Its durable deliveries not settled for good, by state (held, pending, processing, failed). */
  deliveries: Record<string, number>;
}

/**
 * Marks in the registry which plugs this bundle runs: one gone from plug.config.ts becomes detached
 * (nothing of it is dropped), one back in it is attached again (the migration that just ran has
 * upgraded it from its recorded version). Runs after every migration, at start and `care migrate`.
 * Each change is one conditional UPDATE, so of two instances starting at once only one marks (and
 * logs) a plug; the other finds it marked already.
 */
export async function markDetachedPlugs(
  prepared: PreparedPlugs,
  database: CareDatabase,
  logger: Logger,
): Promise<{ detached: string[]; attached: string[] }> {
  const bundled = prepared.plugs.map((plug) => plug.id);
  const db = database.db;
  const attached = bundled.length
    ? (
        await db
          .updateTable("care_system.plugs")
          .set({ detached_at: null })
          .where("detached_at", "is not", null)
          .where("id", "in", bundled)
          .returning(["id", "version"])
          .execute()
      ).map((row) => row.id)
    : [];
  for (const id of attached)
    logger.info({ plug: id }, `plug ${id} is in plug.config.ts again: no longer detached, its kept schema and data are in use again`);

  let detaching = db.updateTable("care_system.plugs").set({ detached_at: sql`now()` }).where("detached_at", "is", null);
  if (bundled.length) detaching = detaching.where("id", "not in", bundled);
  const detached = await detaching.returning(["id", "version"]).execute();
  if (detached.length) {
    const described = new Map((await detachedPlugs(db, bundled)).map((plug) => [plug.id, plug]));
    for (const row of detached) {
      const plug = described.get(row.id)!;
      logger.warn(
        { plug: row.id, version: row.version, schema: plug.schema, deliveries: plug.deliveries },
        `plug ${row.id} is no longer in plug.config.ts: detached at version ${row.version}. ` +
          `Kept: its schema ${plug.schema}, its database role, its registry rows` +
          ` and ${keptDeliveries(plug.deliveries)}. Add it back to plug.config.ts to resume (it upgrades from ${row.version}),` +
          ` or delete it for good after an export: pnpm care plug purge ${row.id} -d <deployment> --confirm ${row.id}`,
      );
    }
  }
  return { detached: detached.map((row) => row.id), attached };
}

/**
 * Plugs in the registry that are not among `bundled`, with what is kept of them; changes nothing.
 * A database whose core has not yet run 0007_plug_lifecycle has no detached plugs.
 */
export async function detachedPlugs(db: Kysely<any>, bundled: readonly string[]): Promise<DetachedPlug[]> {
  if (!(await appliedCoreMigrations(db)).includes("0007_plug_lifecycle")) return [];
  const { rows } = await sql<{ id: string; package: string; version: string; detached_at: Date | string | null; schema_kept: boolean }>`
    select p.id, p.package, p.version, p.detached_at,
      exists (select from pg_catalog.pg_namespace n where n.nspname = 'plug_' || p.id) as schema_kept
    from care_system.plugs p order by p.id`.execute(db);
  const gone = rows.filter((row) => !bundled.includes(row.id));
  if (gone.length === 0) return [];
  const { rows: counts } = await sql<{ subscriber: string; status: string; count: string | number }>`
    select subscriber, status, count(*) as count from care_system.outbox
    where status in ('pending', 'processing', 'held', 'failed') group by subscriber, status`.execute(db);
  return gone.map((row) => ({
    id: row.id,
    package: row.package,
    version: row.version,
    detachedAt: row.detached_at === null ? null : new Date(row.detached_at).toISOString(),
    schema: plugSchema(row.id),
    schemaKept: row.schema_kept,
    deliveries: Object.fromEntries(
      counts.filter((count) => count.subscriber === row.id).map((count) => [count.status, Number(count.count)]),
    ),
  }));
}

/** Said as the plug is detached, before this start holds what waits for it. */
function keptDeliveries(deliveries: Record<string, number>): string {
  const waiting = (deliveries.held ?? 0) + (deliveries.pending ?? 0) + (deliveries.processing ?? 0);
  const failed = deliveries.failed ?? 0;
  const parts = [
    waiting ? `${waiting} waiting ${waiting === 1 ? "delivery" : "deliveries"} (held while it is away)` : "",
    failed ? `${failed} failed ${failed === 1 ? "delivery" : "deliveries"}` : "",
  ].filter(Boolean);
  return parts.length ? `its ${parts.join(" and ")}` : "no deliveries (none waited for it)";
}

/** "3 held deliveries and 1 failed delivery", or "no waiting deliveries". */
export function describeDeliveries(deliveries: Record<string, number>): string {
  const order = ["held", "pending", "processing", "failed"];
  const parts = Object.entries(deliveries)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([state, count]) => `${count} ${state} ${count === 1 ? "delivery" : "deliveries"}`);
  if (parts.length === 0) return "no waiting deliveries";
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
