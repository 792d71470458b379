import { lockDeploymentSchema, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { PlugMigrationError } from "./plug-migrations.js";
import { plugSchema } from "./plug-role.js";

export interface PlugReset {
  id: string;
  version: string;
  /** Durable deliveries to the plug that were still waiting, now removed. */
  droppedDeliveries: number;
}

/**
 * Removes a plug's schema, data, records and waiting deliveries from a development database, in one
 * transaction, so the next start installs it afresh. Only a schema built from an unreleased
 * install.sql qualifies: this never deletes data a released plug holds.
 */
export async function resetDevelopmentPlug(database: CareDatabase, id: string): Promise<PlugReset> {
  return database.db.transaction().execute(async (tx) => {
    await lockDeploymentSchema(tx);
    const recorded = await tx.selectFrom("care_system.plugs").select(["version", "development"]).where("id", "=", id).executeTakeFirst();
    if (!recorded) throw new PlugMigrationError(id, "is not installed in this database; there is nothing to reset", "plug_not_in_database");
    if (!recorded.development) {
      throw new PlugMigrationError(
        id,
        `its schema was built from a released install.sql (${recorded.version}), so it holds real data; ` +
          "reset only removes development schemas. Nothing was changed",
        "plug_reset_refused",
      );
    }
    await sql`drop schema if exists ${sql.id(plugSchema(id))} cascade`.execute(tx);
    await tx.deleteFrom("care_system.plug_steps").where("plug_id", "=", id).execute();
    await tx.deleteFrom("care_system.plugs").where("id", "=", id).execute();
    const dropped = await tx
      .deleteFrom("care_system.outbox")
      .where("subscriber", "=", id)
      .where("status", "!=", "delivered")
      .executeTakeFirst();
    return { id, version: recorded.version, droppedDeliveries: Number(dropped.numDeletedRows) };
  });
}
