import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../db/database-unavailable.js";
import { CareError, type ErrorDetail } from "../errors.js";

const statusOf: Record<CareError["code"], number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
};

/** Codes for the refusals Fastify makes before a route runs; anything else in 4xx is `bad_request`. */
const fastifyCodes: Record<number, string> = {
  413: "payload_too_large",
  415: "unsupported_media_type",
};

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

export const errorBody = (code: string, message: string, details: ErrorDetail[] = []): ErrorBody => ({
  error: { code, message, details },
});

/** Caller mistakes answer with what and where; anything else is logged and answers a bare 500. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof CareError) {
    return reply.status(statusOf[error.code]).send(errorBody(error.code, error.message, error.details));
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    // Fastify's own refusals: malformed JSON, wrong content type, body too large.
    const code = fastifyCodes[status] ?? "bad_request";
    return reply.status(status).send(errorBody(code, error.message, [{ path: "(body)", message: error.message }]));
  }
  if (isDatabaseUnavailable(error)) {
    // Not the caller's mistake and not a bug: the write did not happen (or its outcome is unknown).
    request.log.warn({ err: error }, "request failed: the database is unavailable");
    return reply
      .status(503)
      .header("retry-after", "5")
      .send(errorBody("database_unavailable", "the database cannot be reached right now; try again shortly. If this was a write, check whether it was saved before repeating it"));
  }
  request.log.error({ err: error }, "request failed");
  return reply.status(500).send(errorBody("internal_error", `internal error; quote request id ${request.id} when reporting it`));
}
