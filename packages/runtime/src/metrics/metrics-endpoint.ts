import { createHash, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { bearerTokenOf } from "./bearer-token.js";
import { CodedError } from "../errors/coded-error.js";

const unauthorized = {
  error: { code: "unauthorized", message: "metrics need the metrics token: send Authorization: Bearer <CARE_METRICS_TOKEN>", details: [] },
};

/**
 * `GET /metrics` on the API's port, for a scraper that sends `Authorization: Bearer <token>`. The
 * token is the operator's (CARE_METRICS_TOKEN), not a user's session: a staff login never reads
 * metrics, and the token opens nothing else. A wrong or missing token answers 401 and nothing more.
 */
export function serveMetricsWithToken(app: FastifyInstance, registry: Registry, token: string): void {
  const expected = digest(token);
  app.get("/metrics", { config: { public: "it checks the metrics token (CARE_METRICS_TOKEN) itself" } }, async (request, reply) => {
    const given = bearerTokenOf(request.headers.authorization);
    // Digests have one length, so the comparison takes as long whatever was sent.
    if (given === undefined || !timingSafeEqual(digest(given), expected)) return reply.status(401).send(unauthorized);
    return scrape(registry, reply);
  });
}

/**
 * A listener that serves `GET /metrics` alone, without a token: it is meant for an address only the
 * monitoring side reaches (loopback, or an operations network a firewall keeps apart), which is the
 * protection; no API route, login or patient data is reachable on it.
 */
export async function listenForMetrics(
  registry: Registry,
  address: { host: string; port: number },
  logger: Logger,
): Promise<{ server: FastifyInstance; url: string }> {
  // Warnings only: a scrape every few seconds would otherwise fill the log with request lines.
  const server = Fastify({ loggerInstance: logger.child({ component: "metrics" }, { level: "warn" }) as FastifyBaseLogger });
  server.get("/metrics", (_request, reply) => scrape(registry, reply));
  try {
    await server.listen(address);
  } catch (error) {
    await server.close();
    const reason = (error as NodeJS.ErrnoException).code === "EADDRINUSE" ? "the address is already in use" : (error as Error).message;
    throw new CodedError(
      "metrics_listen_failed",
      `cannot serve metrics on CARE_METRICS_LISTEN=${address.host}:${address.port}: ${reason}`,
      {
        hint: "free that address, or set CARE_METRICS_LISTEN to another host:port",
        cause: error,
      },
    );
  }
  const bound = server.server.address();
  const port = typeof bound === "object" && bound ? bound.port : address.port;
  return { server, url: `http://${address.host.includes(":") ? `[${address.host}]` : address.host}:${port}/metrics` };
}

async function scrape(registry: Registry, reply: FastifyReply) {
  const text = await registry.metrics();
  return reply.header("content-type", registry.contentType).header("cache-control", "no-store").send(text);
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
