import { sql } from "kysely";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Core } from "../core.js";
import { isDatabaseUnavailable } from "../db/database-unavailable.js";
import type { PlugHealth } from "./app.js";

/** Why the deployment should not get traffic now, or undefined when it should. */
export type ReadinessCheck = () => Promise<string | undefined>;

export interface HealthOptions {
  version: string;
  plugs: () => PlugHealth[] | Promise<PlugHealth[]>;
  /** Checks beyond "the database answers" (the runtime adds "migrations are current"). */
  readiness?: ReadinessCheck | undefined;
}

/** A probe must answer before a load balancer's own timeout, even when the database hangs. */
const probeTimeoutMs = 2_000;

const publicProbe = { config: { public: "load balancers, supervisors and operators probe it before logging in" } };

/**
 * `/health/live`: the process serves HTTP (restart it if not). `/health/ready`: it can do its work:
 * the database answers and holds the schema this bundle expects (send it traffic only then), and no
 * required plug's `health()` fails; a failing optional plug answers 200 with status "degraded".
 * `/health` answers as ready does, for probes written before the split.
 */
export function healthRoutes(app: FastifyInstance, core: Core, options: HealthOptions): void {
  app.get("/health/live", publicProbe, async () => ({ status: "ok", version: options.version }));

  const ready = async (_request: unknown, reply: FastifyReply) => {
    const [reason, plugs] = await Promise.all([withTimeout(notReadyBecause(core, options.readiness)), options.plugs()]);
    // Serving, but a plug cannot do its work (its provider is down, say): the rest of the deployment can.
    const degraded = plugs.some((plug) => plug.health?.status === "failing");
    const body = { status: reason ? "unavailable" : degraded ? "degraded" : "ok", version: options.version, plugs, ...(reason && { reason }) };
    return reply.status(reason ? 503 : 200).header("cache-control", "no-store").send(body);
  };
  app.get("/health/ready", publicProbe, ready);
  app.get("/health", publicProbe, ready);
}

async function notReadyBecause(core: Core, readiness: ReadinessCheck | undefined): Promise<string | undefined> {
  try {
    await sql`select 1`.execute(core.database.db);
    return await readiness?.();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return isDatabaseUnavailable(error) ? `database_unavailable: ${message}` : `database_error: ${message}`;
  }
}

function withTimeout(check: Promise<string | undefined>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`database_unavailable: no answer within ${probeTimeoutMs} ms`), probeTimeoutMs);
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}
