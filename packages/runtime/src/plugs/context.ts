import { systemActor, type Actor, type Core } from "@care/core";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { PlugContext, PlugShape } from "./definition.js";
import type { LoadedPlug } from "./loaded-plug.js";
import { actingCore } from "./session/acting-core.js";
import { roleOn } from "./session/role-on-connection.js";

/** What every context of one plug shares: made once at boot (session/plug-database.ts makes `db`). */
export interface PlugRuntime {
  core: Core;
  plug: LoadedPlug;
  config: Record<string, unknown>;
  logger: Logger;
  db: Kysely<any>;
}

/** The core's write open in this async context, if any: a plug's statements join it. */
export function currentWrite(core: Core): Kysely<any> | undefined {
  return core.unitOfWork.transaction;
}

/**
 * Hands the current write's connection back to the app's role, before the core's own statements;
 * throws when a plug's statement failed in the write (role-on-connection.ts), which must then fail.
 */
export async function leavePlugRole(core: Core): Promise<void> {
  const write = currentWrite(core);
  if (write) await roleOn(write).leave();
}

/**
 * Runs plug code inside the core's write, then hands the connection back. `next` is what follows the
 * code in the write: the core's own statements (an in-transaction handler, a joined transaction), so
 * back to the app's role first (leavePlugRole); or only COMMIT, which ends the plug's role with the
 * transaction, so only the checks of RoleOnConnection.end, without a round trip.
 */
export async function runPlugCodeInWrite<T>(core: Core, code: () => T | Promise<T>, next: "core" | "commit" = "core"): Promise<T> {
  const handBack = () => (next === "core" ? leavePlugRole(core) : endPlugCode(core));
  let result: T;
  try {
    result = await code();
  } catch (error) {
    // The plug's own error is the one to report; the write fails with it either way.
    await handBack().catch(() => undefined);
    throw error;
  }
  await handBack();
  return result;
}

/** The plug code was the write's last: its failure check, and no statement of it after (RoleOnConnection.end). */
async function endPlugCode(core: Core): Promise<void> {
  const write = currentWrite(core);
  if (write) await roleOn(write).end();
}

/**
 * A plug's context acting for `actor`: a route's caller, or null (handlers, hooks, public routes).
 * Acting as the plug itself is `asPlug()`, so every place that does it can be found.
 */
export function createPlugContext<A extends Actor | null>(runtime: PlugRuntime, actor: A): PlugContext<PlugShape, A> {
  const { core, plug, logger, db } = runtime;
  const emits = plug.definition.emits ?? {};
  const writer = actor ?? systemActor(`plug:${plug.id}`);
  const leave = () => leavePlugRole(core);
  const config = Object.freeze({ ...runtime.config });
  let acting: PlugContext["core"] | undefined;
  const context: PlugContext<PlugShape, A> = {
    id: plug.id,
    version: plug.version,
    config,
    db,
    // Made when first used: most requests of a plug route never call the core.
    get core() {
      return (acting ??= actingCore(core, actor, plug.id, leave));
    },
    actor,
    logger,
    emit: async (name, payload) => {
      if (!(name in emits)) throw new Error(`plug ${plug.id} emits ${name}, which its definition does not list under emits`);
      await core.unitOfWork.write(writer, async (write) => {
        await leave();
        await write.emitPlugSignal(plug.id, `${plug.id}.${name}`, payload);
      });
    },
    // Opened here, the write only commits after the work: the plug's role can end with it.
    transaction: (work) =>
      core.unitOfWork.write(writer, (write) => runPlugCodeInWrite(core, () => work(db), write.opened ? "commit" : "core")),
    asPlug: () => createPlugContext(runtime, systemActor(`plug:${plug.id}`)),
  };
  return context;
}
