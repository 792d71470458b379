import type { CoreSignalName, SignalPayload } from "./core-signals.js";
import type { DeliveryMode } from "./delivery-mode.js";
import type { PlugContext } from "../context/plug-context.js";
import type { PlugShape } from "../definition/plug-shape.js";

/**
 * A handler acts for nobody: `actor` is null, since a durable delivery may run long after (and on
 * another instance than) the write that caused it, when the writer's roles may have changed. Who
 * caused a core signal is in its payload (`payload.actor`); `asPlug()` acts as the plug. It also
 * learns which delivery this is.
 */
export interface SignalHandlerContext<S extends PlugShape = PlugShape> extends PlugContext<S, null> {
  eventId: string;
  attempt: number;
}

export interface SignalSubscription<Payload = unknown, S extends PlugShape = PlugShape> {
  mode: DeliveryMode;
  /**
   * Durable only: the plug's deliveries in flight at once per instance, shared by all its durable
   * subscriptions (the smallest any of them gives); 1 delivers one at a time, in outbox order.
   * Default: the deployment's (16, or CARE_DELIVERY_CONCURRENCY).
   */
  concurrency?: number;
  handle(payload: Payload, context: SignalHandlerContext<S>): unknown;
}

/** Handlers for the core's signals, by name (`encounter.closed`). */
export type CoreSignalHandlers<S extends PlugShape = PlugShape> = {
  [Name in CoreSignalName]?: SignalSubscription<SignalPayload<Name>, S>;
};
