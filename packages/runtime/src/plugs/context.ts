import { systemActor, type Core } from "@care/core";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { plugSchema } from "../migrations/plug-role.js";
import type { PlugContext } from "./definition.js";
import type { LoadedPlug } from "./loaded-plug.js";

/** The context handed to a plug's routes, hooks and handlers; `db` may be bound to a transaction. */
export function createPlugContext(core: Core, plug: LoadedPlug, config: Record<string, unknown>, logger: Logger, db?: Kysely<any>): PlugContext {
  const schema = plugSchema(plug.id);
  const actor = systemActor(`plug:${plug.id}`);
  const emits = plug.definition.emits ?? {};
  return {
    id: plug.id,
    version: plug.version,
    config: Object.freeze({ ...config }),
    db: db ?? core.database.db.withSchema(schema),
    core: { facilities: core.facilities, users: core.users, patients: core.patients, encounters: core.encounters },
    actor,
    logger,
    emit: async (name, payload) => {
      if (!(name in emits)) throw new Error(`plug ${plug.id} emits ${name}, which its definition does not list under emits`);
      await core.unitOfWork.write(actor, (write) => write.emit(`${plug.id}.${name}`, payload));
    },
    transaction: (work, as = actor) => core.unitOfWork.write(as, (write) => work(write.tx.withSchema(schema))),
  };
}
