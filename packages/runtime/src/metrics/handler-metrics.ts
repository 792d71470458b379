import type { Core } from "@care/core";
import { Counter, Histogram, type Registry } from "prom-client";
import type { HandlerLabels, HandlerTiming } from "../plugs/wire-signals.js";

const durableOutcomes = ["delivered", "retry", "failed"] as const;

type Settlement = Parameters<Parameters<Core["dispatcher"]["onSettled"]>[0]>[0];

/**
 * Plug signal handlers: runs, failures and duration by plug, signal and delivery mode (every mode:
 * an in-transaction handler that throws vetoes the write and counts as a failure), and how durable
 * deliveries end (delivered, retried later, failed for good). Returns the timing to give `wireSignals`
 * and a function that stops listening to the dispatcher.
 */
export function meterHandlers(core: Core, registry: Registry): { timing: HandlerTiming; stop: () => void } {
  const labelNames = ["plug", "signal", "mode"] as const;
  const runs = new Counter({
    name: "care_signal_handler_runs_total",
    help: "Plug signal handler runs, by plug, signal and delivery mode",
    labelNames,
    registers: [registry],
  });
  const failures = new Counter({
    name: "care_signal_handler_failures_total",
    help: "Plug signal handler runs that threw (an inTransaction one vetoed its write), by plug, signal and delivery mode",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "care_signal_handler_duration_seconds",
    help: "Time a plug signal handler ran, by plug, signal and delivery mode",
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [registry],
  });
  const outcomes = new Counter({
    name: "care_durable_deliveries_total",
    help:
      "Durable deliveries finished in this instance, by plug, signal and outcome: " +
      "delivered, retry (failed, tried again later) or failed (gave up after the last try, or dead-lettered)",
    labelNames: ["plug", "signal", "outcome"],
    registers: [registry],
  });

  const timing: HandlerTiming = {
    // Series exist from the start at 0, so the first failure is an increase a rate() or an alert sees.
    subscribed: (labels) => {
      runs.inc(labels, 0);
      failures.inc(labels, 0);
      duration.zero(labels);
      if (labels.mode === "durable")
        for (const outcome of durableOutcomes) outcomes.inc({ plug: labels.plug, signal: labels.signal, outcome }, 0);
    },
    time: async (labels: HandlerLabels, run) => {
      const end = duration.startTimer(labels);
      runs.inc(labels);
      try {
        await run();
      } catch (error) {
        failures.inc(labels);
        throw error;
      } finally {
        end();
      }
    },
  };
  const stop = core.dispatcher.onSettled((settlement: Settlement) => {
    const outcome = settlement.status === "pending" ? "retry" : settlement.status;
    outcomes.inc({ plug: settlement.row.subscriber, signal: settlement.row.signal, outcome });
  });
  return { timing, stop };
}
