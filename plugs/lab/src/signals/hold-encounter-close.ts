import { veto } from "@care/plug-sdk";
import { sql } from "kysely";
import { lab } from "../plug.js";

/**
 * In the transaction that closes an encounter:
 * - finished: refused (409, the encounter stays open) while any of its lab orders is pending,
 *   unless `blockFinishWhilePending` is off;
 * - cancelled: allowed, and its pending orders are cancelled with it, in the same transaction
 *   (reason "encounter cancelled"); resulted orders keep their results.
 */
export const holdEncounterClose = lab.on("encounter.closed", {
  mode: "inTransaction",
  async handle({ encounter, actor }, context) {
    const { db } = context;
    if (encounter.status === "cancelled") {
      const cancelled = await db
        .updateTable("orders")
        .set({
          status: "cancelled",
          cancelled_at: sql<Date>`now()`,
          cancelled_by: actor.kind === "user" ? actor.userId : null,
          cancel_reason: "encounter cancelled",
        })
        .where("encounter_id", "=", encounter.id)
        .where("status", "=", "pending")
        .returning("id")
        .execute();
      if (cancelled.length)
        context.logger.info(
          { encounterId: encounter.id, orders: cancelled.length },
          "cancelled the pending lab orders of a cancelled encounter",
        );
      return;
    }
    if (!context.config.blockFinishWhilePending) return;
    const pending = await db
      .selectFrom("orders")
      .select(["id", "test_code"])
      .where("encounter_id", "=", encounter.id)
      .where("status", "=", "pending")
      .orderBy("ordered_at")
      .execute();
    if (pending.length === 0) return;
    const codes = pending.map((order) => order.test_code).join(", ");
    veto(
      `encounter ${encounter.id} has ${pending.length} pending lab order${pending.length === 1 ? "" : "s"} (${codes}); ` +
        "record their results or cancel them before finishing it",
      [{ path: "status", message: `pending lab orders: ${codes}` }],
    );
  },
});
