import { sql, type Kysely } from "kysely";

/**
 * The dispatcher claims each plug's oldest waiting rows (`where subscriber = $1 order by id`): with
 * this index that stays a short index scan however long a plug's backlog grows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index outbox_waiting_by_subscriber on care_system.outbox (subscriber, id)
             where status in ('pending', 'processing')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("core migrations are never reverted; restore from a backup instead");
}
