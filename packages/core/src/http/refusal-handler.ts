import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { CareRefusal } from "../refusal.js";
import { errorBody, handleError } from "./errors.js";

/** Answers a `CareRefusal` with its own status, code and Retry-After; anything else goes to `handleError`. */
export function handleRefusalOrError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (!(error instanceof CareRefusal)) return handleError(error, request, reply);
  if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
  return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
}
