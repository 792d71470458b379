import { errorBody, isDatabaseUnavailable } from "@care/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { SecretValues } from "../secrets/secret-values.js";
import { callerAnswerOf } from "./caller-error.js";

/**
 * Answers what a plug's route code threw. Only an error meant for the caller (the SDK's HTTP error
 * helpers, or a CareError) is answered with its message, and even then without any secret value.
 * Anything else may hold whatever the plug had at hand (its config, a provider's answer): it is
 * logged (log lines are redacted too) and the caller gets `plug_error`, the plug's id and the
 * request id that finds the log line. A database that cannot be reached stays the core's 503.
 */
export async function answerPlugFailure(
  plugId: string,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  secrets: SecretValues,
): Promise<FastifyReply> {
  if (isDatabaseUnavailable(error)) throw error;
  const answer = callerAnswerOf(error);
  if (answer) return reply.status(answer.status).send(secrets.redactDeep(errorBody(answer.code, answer.message, answer.details)));
  request.log.error({ err: error, plug: plugId }, `plug ${plugId} failed on ${request.method} ${request.url.split("?")[0]}`);
  if (reply.sent) return reply;
  return reply
    .status(500)
    .send(
      errorBody("plug_error", `plug ${plugId} failed on this request; quote request id ${request.id} when reporting it`, [
        { path: "plug", message: plugId },
      ]),
    );
}
