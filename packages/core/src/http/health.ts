import { sql } from "kysely";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
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

const probeConfig = { public: "load balancers, supervisors and operators probe it before logging in" };
const tags = ["health"];

const liveAnswer = z.object({ status: z.literal("ok"), version: z.string() });

const plugHealthSchema = z.object({
  id: z.string(),
  version: z.string(),
  state: z.string(),
  health: z
    .object({ status: z.enum(["ok", "failing"]), reason: z.string().optional(), required: z.boolean(), checkedAt: z.string() })
    .optional()
    .describe("the plug's own health() answer, when it has one"),
});

const readyAnswer = z.object({
  status: z.enum(["ok", "degraded", "unavailable"]),
  version: z.string(),
  plugs: z.array(plugHealthSchema),
  reason: z.string().optional().describe("why it is unavailable: database_unavailable: ..., migrations_not_current: ..."),
});

/** Probes take any query string: a probe adding a cache-buster must not be refused. */
const readySchema = (summary: string) => ({
  summary,
  tags,
  response: {
    200: readyAnswer.describe("ready (status ok), or degraded: an optional plug's health() fails"),
    503: readyAnswer.describe("unavailable: the database cannot be reached, holds another schema, or a required plug fails"),
  },
});

/**
 * `/health/live`: the process serves HTTP (restart it if not). `/health/ready`: it can do its work:
 * the database answers and holds the schema this bundle expects (send it traffic only then), and no
 * required plug's `health()` fails; a failing optional plug answers 200 with status "degraded".
 * `/health` answers as ready does, for probes written before the split.
 */
export function healthRoutes(app: FastifyInstance, core: Core, options: HealthOptions): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const liveSchema = {
    summary: "Liveness: the process serves HTTP (restart it when this fails)",
    tags,
    response: { 200: liveAnswer.describe("the process serves HTTP") },
  };
  api.get("/health/live", { config: probeConfig, schema: liveSchema }, async () => ({ status: "ok" as const, version: options.version }));

  const ready = async () => {
    const [reason, plugs] = await Promise.all([withTimeout(notReadyBecause(core, options.readiness)), options.plugs()]);
    // Serving, but a plug cannot do its work (its provider is down, say): the rest of the deployment can.
    const degraded = plugs.some((plug) => plug.health?.status === "failing");
    const status = reason ? ("unavailable" as const) : degraded ? ("degraded" as const) : ("ok" as const);
    return { status, version: options.version, plugs, ...(reason && { reason }) };
  };
  const readyRoutes = [
    ["/health/ready", "Readiness: send traffic only while this answers 200"],
    ["/health", "Readiness, under its older name (as /health/ready)"],
  ] as const;
  for (const [url, summary] of readyRoutes) {
    api.get(url, { config: probeConfig, schema: readySchema(summary) }, async (_request, reply) => {
      const body = await ready();
      return reply
        .status(body.status === "unavailable" ? 503 : 200)
        .header("cache-control", "no-store")
        .send(body);
    });
  }
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
