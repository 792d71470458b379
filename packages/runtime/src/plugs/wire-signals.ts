import { coreSignals, holdAndReleaseDeliveries, type Core, type DeliveryMode } from "@care/core";
import type { Logger } from "pino";
import { runPlugCodeInWrite } from "./context.js";
import type { PlugContext, PlugShape, SignalSubscription } from "./definition.js";
import type { LoadedPlug } from "./loaded-plug.js";
import { CodedError } from "../errors/coded-error.js";

/**
 * Handler metrics: `subscribed` once a subscription (its series start at 0), `time` each run (whatever it
 * returns or throws passes through).
 */
export interface HandlerTiming {
  subscribed(labels: HandlerLabels): void;
  time(labels: HandlerLabels, run: () => Promise<void>): Promise<void>;
}
export type HandlerLabels = { plug: string; signal: string; mode: DeliveryMode };

/**
 * Defines each plug's own signals (`<id>.<name>`) and subscribes its handlers: `on` takes the core's
 * signals only, `onPlugSignals` those of plugs this one depends on. A switched-off plug's durable
 * subscriptions are held (their rows are written, never tried); its other handlers are left out.
 */
export function wireSignals(
  core: Core,
  plugs: readonly LoadedPlug[],
  /** Acting for nobody: handlers run for no caller (SignalHandlerContext). */
  contexts: Map<string, PlugContext<PlugShape, null>>,
  timing?: HandlerTiming,
): void {
  const idOfOwnId = new Map(plugs.map((plug) => [plug.block.id, plug.id]));
  const corePrefixes = new Set(Object.keys(coreSignals).map((name) => name.split(".")[0]));
  for (const plug of plugs) {
    // A plug's signals are `<id>.<name>`: id "patient" would name signals as the core's do.
    if (corePrefixes.has(plug.id) && plug.definition.emits && Object.keys(plug.definition.emits).length > 0) {
      throw new CodedError(
        "plug_signal_invalid",
        `plug ${plug.id} emits signals, but its id is also the prefix of the core's signals (${[...corePrefixes].join(", ")}); ` +
          "give it another id in plug.config.ts",
      );
    }
    for (const [name, schema] of Object.entries(plug.definition.emits ?? {})) core.signals.define(`${plug.id}.${name}`, schema);
  }
  for (const plug of plugs) {
    const context = contexts.get(plug.id)!;
    const subscribe = (signal: string, subscription: SignalSubscription<unknown, any>) => {
      const mode: DeliveryMode = subscription.mode;
      // Switched off: no veto, no reaction; what it must still receive waits in the outbox.
      if (!plug.enabled) {
        if (mode === "durable") core.signals.subscribe(signal as never, plug.id, mode, () => {}, { held: true });
        return;
      }
      timing?.subscribed({ plug: plug.id, signal, mode });
      core.signals.subscribe(
        signal as never,
        plug.id,
        mode,
        async (payload, delivery) => {
          const handle = () => subscription.handle(payload, { ...context, eventId: delivery.eventId, attempt: delivery.attempt });
          // The core's write goes on after the handler: as the app, never as this plug.
          const run = async (): Promise<void> => {
            if (mode === "inTransaction") await runPlugCodeInWrite(core, handle);
            else await handle();
          };
          if (timing) await timing.time({ plug: plug.id, signal, mode }, run);
          else await run();
        },
        subscription.concurrency === undefined ? {} : { concurrency: subscription.concurrency },
      );
    };
    for (const [signal, subscription] of Object.entries(plug.definition.on ?? {})) {
      if (!Object.hasOwn(coreSignals, signal)) {
        const fromPlug = plugs.some((other) => signal.startsWith(`${other.id}.`));
        const fix = fromPlug
          ? "a plug's signal goes under onPlugSignals, with a dependency on that plug in care.plug.dependencies"
          : `the core's signals are: ${Object.keys(coreSignals).join(", ")}`;
        throw new CodedError(
          "plug_signal_invalid",
          `plug ${plug.id} subscribes to ${signal} under on, which takes the core's signals only; ${fix}`,
        );
      }
      if (subscription) subscribe(signal, subscription as SignalSubscription<unknown, any>);
    }
    const allowed = new Set(Object.keys(plug.block.dependencies).map((own) => idOfOwnId.get(own)));
    for (const [signal, subscription] of Object.entries(plug.definition.onPlugSignals ?? {})) {
      const source = signal.split(".")[0]!;
      if (!allowed.has(source)) {
        throw new CodedError(
          "plug_signal_invalid",
          `plug ${plug.id} subscribes to ${signal}, but does not depend on plug ${source}; add it to care.plug.dependencies`,
        );
      }
      subscribe(signal, subscription);
    }
  }
}

/**
 * At boot, once every subscription is known: deliveries waiting for a subscriber this bundle does
 * not run are held, and held ones of the subscribers it runs are released (see holdAndReleaseDeliveries).
 */
export async function holdSwitchedOffDeliveries(
  core: Core,
  running: readonly LoadedPlug[],
  switchedOff: readonly LoadedPlug[],
  logger: Logger,
): Promise<void> {
  for (const plug of switchedOff) {
    logger.warn(
      { plug: plug.id },
      `plug ${plug.id} is switched off in plug.config.ts: ` +
        "its routes answer 503, its handlers do not run and its durable deliveries are held; its data is kept",
    );
  }
  const subscribers = [...running.map((plug) => plug.id), ...core.signals.durableSubscriptions().map((entry) => entry.subscriber)];
  const outcome = await holdAndReleaseDeliveries(core.database.db, {
    running: [...new Set(subscribers)],
    switchedOff: switchedOff.map((plug) => plug.id),
  });
  for (const [subscriber, count] of Object.entries(outcome.held)) {
    logger.warn(
      { subscriber, held: count },
      `held ${count} waiting deliveries of ${subscriber}, which this bundle does not run; they are delivered when it runs again`,
    );
  }
  for (const [subscriber, count] of Object.entries(outcome.released)) {
    logger.info({ subscriber, released: count }, `released ${count} held deliveries of ${subscriber}: they are delivered now`);
  }
}
