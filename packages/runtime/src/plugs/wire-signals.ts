import type { Core, DeliveryMode } from "@care/core";
import { plugSchema } from "../migrations/plug-role.js";
import type { PlugContext, SignalSubscription } from "./definition.js";
import type { LoadedPlug } from "./loaded-plug.js";

/**
 * Defines each plug's own signals (`<id>.<name>`) and subscribes its handlers. A plug may listen to
 * another plug's signals only if it depends on that plug.
 */
export function wireSignals(core: Core, plugs: readonly LoadedPlug[], contexts: Map<string, PlugContext>): void {
  const idOfOwnId = new Map(plugs.map((plug) => [plug.block.id, plug.id]));
  for (const plug of plugs) {
    for (const [name, schema] of Object.entries(plug.definition.emits ?? {})) core.signals.define(`${plug.id}.${name}`, schema);
  }
  for (const plug of plugs) {
    const context = contexts.get(plug.id)!;
    const subscribe = (signal: string, subscription: SignalSubscription<unknown, unknown, any>) => {
      const mode: DeliveryMode = subscription.mode;
      core.signals.subscribe(signal as never, plug.id, mode, (payload, delivery) =>
        subscription.handle(payload, {
          ...context,
          // In a transaction, the plug's tables are reached through that transaction.
          db: mode === "inTransaction" ? delivery.db.withSchema(plugSchema(plug.id)) : context.db,
          eventId: delivery.eventId,
          attempt: delivery.attempt,
        }),
        subscription.concurrency === undefined ? {} : { concurrency: subscription.concurrency },
      );
    };
    for (const [signal, subscription] of Object.entries(plug.definition.on ?? {})) {
      if (subscription) subscribe(signal, subscription as SignalSubscription<unknown, unknown, any>);
    }
    const allowed = new Set(Object.keys(plug.block.dependencies).map((own) => idOfOwnId.get(own)));
    for (const [signal, subscription] of Object.entries(plug.definition.onPlugSignals ?? {})) {
      const source = signal.split(".")[0]!;
      if (!allowed.has(source)) {
        throw new Error(`plug ${plug.id} subscribes to ${signal}, but does not depend on plug ${source}; add it to care.plug.dependencies`);
      }
      subscribe(signal, subscription);
    }
  }
}
