import type { Logger } from "pino";
import type { PlugContext, PlugShape } from "./definition.js";
import type { LoadedPlug } from "./loaded-plug.js";
import type { SecretValues } from "../secrets/secret-values.js";

/** One plug's last `health()` answer, as `/health/ready` shows it. */
export interface PlugHealthCheck {
  status: "ok" | "failing";
  reason?: string;
  /** A failing required plug makes the deployment not ready; an optional one degrades it. */
  required: boolean;
  checkedAt: string;
}

export interface PlugHealthChecks {
  /** Each plug's answer (plugs without `health()` are left out), at most `maxAgeMs` old. */
  results(): Promise<Map<string, PlugHealthCheck>>;
  /** Why the deployment is not ready because of a required plug, or undefined. */
  requiredFailure(): Promise<string | undefined>;
}

export interface PlugHealthOptions {
  /** A check slower than this fails: probes must answer before a load balancer gives up (core: 2 s). */
  timeoutMs?: number;
  /** Probes come every few seconds; a provider is asked at most this often. */
  maxAgeMs?: number;
  /** A check's error may quote the plug's config: its reason is cleaned of these before it is shown or logged. */
  secrets?: SecretValues;
}

/**
 * Runs the plugs' `health()` checks when asked, all at once, each with a timeout, sharing one run
 * between concurrent probes and keeping its answers for `maxAgeMs`. A check's own error is its
 * reason: it never fails the probe itself.
 */
export function plugHealthChecks(
  plugs: readonly LoadedPlug[],
  /** Acting for nobody, as health() is typed. */
  contexts: ReadonlyMap<string, PlugContext<PlugShape, null>>,
  logger: Logger,
  options: PlugHealthOptions = {},
): PlugHealthChecks {
  const { timeoutMs = 1_500, maxAgeMs = 5_000, secrets } = options;
  // A switched-off plug's health() is not its code to run: /health shows it as disabled instead.
  const checked = plugs.filter((plug) => plug.enabled && plug.definition.health);
  let last: { at: number; results: Promise<Map<string, PlugHealthCheck>> } | undefined;

  const runAll = async () => {
    const entries = await Promise.all(
      checked.map(async (plug): Promise<[string, PlugHealthCheck]> => {
        const answered = await failureOf(() => plug.definition.health!(contexts.get(plug.id)!), timeoutMs);
        const failure = answered === undefined || !secrets ? answered : secrets.redact(answered);
        const result: PlugHealthCheck = {
          status: failure === undefined ? "ok" : "failing",
          ...(failure !== undefined && { reason: failure }),
          required: plug.required,
          checkedAt: new Date().toISOString(),
        };
        if (failure !== undefined)
          logger.warn(
            { plug: plug.id, reason: failure, required: plug.required },
            `plug ${plug.id} reports it cannot do its work: ${failure}`,
          );
        return [plug.id, result];
      }),
    );
    return new Map(entries);
  };

  const results = () => {
    if (!last || Date.now() - last.at > maxAgeMs) last = { at: Date.now(), results: runAll() };
    return last.results;
  };

  return {
    results,
    requiredFailure: async () => {
      if (!checked.some((plug) => plug.required)) return undefined;
      const failing = [...(await results())].filter(([, result]) => result.required && result.status === "failing");
      if (failing.length === 0) return undefined;
      return `plug_unhealthy: ${failing.map(([id, result]) => `required plug ${id}: ${result.reason}`).join("; ")}`;
    },
  };
}

/** The reason a check fails (its answer's, its error's, or its timeout), or undefined when it passes. */
async function failureOf(check: () => unknown, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`health() gave no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const answered = (async () => {
    try {
      const answer = (await check()) as { ok?: unknown; reason?: unknown } | undefined;
      if (answer === undefined || answer === null || answer.ok === true) return undefined;
      if (answer.ok === false)
        return typeof answer.reason === "string" && answer.reason !== "" ? answer.reason : "health() answered ok: false without a reason";
      return "health() answered neither nothing nor { ok, reason }: this is a bug in the plug";
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  })();
  return Promise.race([answered, late]).finally(() => clearTimeout(timer));
}
