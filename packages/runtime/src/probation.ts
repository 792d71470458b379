import { errorBody } from "@care/core";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { probationEndedMessage, probationOverMessage } from "./supervision/probation-message.js";

// Signing in and out only touches sessions: an administrator must reach the console during the gate.
const allowedWhileOnProbation = (method: string, url: string) =>
  method === "GET" || method === "HEAD" || method === "OPTIONS" || url.startsWith("/api/v1/auth/");

/**
 * A release care serve just upgraded to runs on probation until its health gate passes: writes are
 * refused (503) and durable deliveries wait, because a failed gate restores the backup taken before
 * the migration, and anything acknowledged meanwhile would be lost with it. Reads are served.
 * `release` runs once probation is over (starts the deliveries).
 */
export function serveOnProbation(app: FastifyInstance, logger: Logger, release: () => void): void {
  let onProbation = true;
  app.addHook("onRequest", async (request, reply) => {
    if (!onProbation || allowedWhileOnProbation(request.method, request.url)) return;
    return reply
      .status(503)
      .header("retry-after", "5")
      .send(
        errorBody(
          "deployment_on_probation",
          "this deployment was just upgraded and is being checked by care serve's health gate: " +
            "changes are refused until it passes, so that a rollback cannot lose them; try again in a few seconds",
        ),
      );
  });
  const listener = (message: unknown) => {
    if (message !== probationOverMessage || !onProbation) return;
    onProbation = false;
    process.off("message", listener);
    logger.info("the health gate passed: changes are accepted and durable deliveries start");
    release();
    process.send?.(probationEndedMessage);
  };
  process.on("message", listener);
  // The channel must not keep the process alive by itself (care serve's child guard unrefs it too).
  process.channel?.unref();
}
