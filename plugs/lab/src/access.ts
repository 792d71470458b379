import { CareError, notFound, type Actor, type CoreServices, type Kysely, type Selectable } from "@care/plug-sdk";
import { z } from "zod";
import type { OrdersRow, PlugTables } from "./tables.generated.js";

const uuid = z.uuid();

/**
 * A path id that is not a UUID names nothing: not found (as in the core), not a validation error.
 * Path params are declared as strings for this reason.
 */
export function existingId(value: string, what: string): string {
  if (!uuid.safeParse(value).success) throw notFound(what, value);
  return value;
}

/** Who orders, results and cancels: routes are authenticated, so a signed-in user. */
export function userIdOf(actor: Actor): string {
  if (actor.kind !== "user") throw new CareError("forbidden", "lab orders are placed and handled by signed-in staff");
  return actor.userId;
}

/**
 * The order if the caller may see its encounter (`core` acts as the caller: staff of another
 * facility get the same 404 as for an id that does not exist), else "lab order <id> was not found", whether it
 * exists at another facility or not at all. With `lock`, the row is locked for the transaction.
 */
export async function visibleOrder(
  db: Kysely<PlugTables>,
  core: CoreServices,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Selectable<OrdersRow>> {
  const found = await db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!found) throw notFound("lab order", id);
  try {
    await core.encounters.get(found.encounter_id);
  } catch (error) {
    if (error instanceof CareError && error.code === "not_found") throw notFound("lab order", id);
    throw error;
  }
  if (!options.lock) return found;
  // Locked only once the caller is known to be allowed; a concurrent result or cancel waits here.
  return db.selectFrom("orders").selectAll().where("id", "=", id).forUpdate().executeTakeFirstOrThrow();
}
