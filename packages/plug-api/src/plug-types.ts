import type { CoreSignalName, SignalPayload } from "./signals/core-signals.js";
import type { PlugDefinition, PlugDefinitionInput } from "./definition/plug-definition.js";
import type { CompleteShape, OwnSignals } from "./definition/plug-shape.js";
import type { PlugRoute } from "./routes/plug-route.js";
import { routeBuilder, type RouteBuilder } from "./routes/route-builder.js";
import type { SignalSubscription } from "./signals/signal-subscription.js";
import type { z } from "zod";

/** What a plug declares its types with: config schema, generated tables, emitted signals (each optional). */
export interface PlugTypeArguments {
  config?: z.ZodType;
  tables?: object;
  emits?: OwnSignals;
}

/** The typed makers of one plug: routes, signal handlers and the definition itself. */
export interface PlugTypes<S extends PlugTypeArguments> {
  /** `route.post(path, { summary, params, body, responses }, handler)`. */
  route: RouteBuilder<CompleteShape<S>>;
  /** A handler for one of the core's signals, with its payload and the plug's context typed. */
  on<Name extends CoreSignalName>(
    signal: Name,
    subscription: SignalSubscription<SignalPayload<Name>, CompleteShape<S>>,
  ): SignalSubscription<SignalPayload<Name>, CompleteShape<S>>;
  /** A handler for another plug's signal (`lab.result_recorded`), its payload typed by the schema given. */
  onPlugSignal<Payload extends z.ZodType>(
    payload: Payload,
    subscription: SignalSubscription<z.output<Payload>, CompleteShape<S>>,
  ): SignalSubscription<z.output<Payload>, CompleteShape<S>>;
  /** The plug's definition: the default export of its package. */
  define<R extends PlugRoute<CompleteShape<S>>>(definition: PlugDefinitionInput<CompleteShape<S>, R>): PlugDefinition<CompleteShape<S>, R>;
}

/**
 * The typed API of one plug, from its shape:
 *
 *   export const lab = plugTypes<{ config: typeof labConfig; tables: PlugTables; emits: typeof labSignals }>();
 *
 * It holds nothing at run time: every maker returns what it is given, so route files can import
 * `lab` without a cycle through the plug's index.
 */
export function plugTypes<S extends PlugTypeArguments = {}>(): PlugTypes<S> {
  return {
    route: routeBuilder(),
    on: (_signal, subscription) => subscription,
    onPlugSignal: (_payload, subscription) => subscription,
    define: (definition) => ({ ...definition, kind: "care-plug" }),
  };
}
