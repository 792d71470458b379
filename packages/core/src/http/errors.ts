import { errorCodes, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../db/database-unavailable.js";
import { CareError, type ErrorDetail } from "../errors.js";

/** The HTTP status of each CareError code (the runtime answers plug errors by the same table). */
export const careErrorStatus: Record<CareError["code"], number> = {
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
  429: "rate_limited",
};

/**
 * The mark of an error meant for the caller, answered with its own status, code and message: the
 * SDK's HTTP error helpers set it (runtime plugs/caller-error.ts, same registered key, so copies of
 * either package agree). Core code that needs a status and code no CareError has (429, say) uses callerError.
 */
const callerErrorMark = Symbol.for("care.callerError");

interface CallerMark {
  status: number;
  code: string;
  details: ErrorDetail[];
}

/** An error answered as `status` with `code` and `message`, e.g. `throw callerError(429, "rate_limited", "...")`. */
export function callerError(status: number, code: string, message: string, details: ErrorDetail[] = []): Error {
  const error = new Error(message);
  Object.defineProperty(error, callerErrorMark, { value: { status, code, details } satisfies CallerMark, enumerable: false });
  return error;
}

/**
 * Fastify's own refusals (malformed JSON, wrong content type, body too large): only their messages
 * are Fastify's, not something a handler held. Known by class, not by the `FST_` code, which any
 * thrower (a plug's signal handler in a core route) can set on its own error.
 */
const fastifyErrorClasses = Object.values(errorCodes) as Array<new (...args: never[]) => Error>;
const isFastifyRefusal = (error: FastifyError | Error) =>
  fastifyErrorClasses.some((FastifyErrorClass) => error instanceof FastifyErrorClass);

/**
 * Passes the JSON text of every error answer (status 400 and up, whichever path made it) through
 * `redact`: a plug's code runs inside core routes too (its in-transaction signal handlers), and a
 * CareError (`veto`) or marked caller error it throws there is answered with its own message.
 */
export function redactErrorAnswers(app: FastifyInstance, redact: (text: string) => string): void {
  app.addHook("onSend", async (_request, reply, payload) =>
    reply.statusCode >= 400 && typeof payload === "string" ? redact(payload) : payload,
  );
}

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

export const errorBody = (code: string, message: string, details: ErrorDetail[] = []): ErrorBody => ({
  error: { code, message, details },
});

/** Caller mistakes answer with what and where; anything else is logged and answers a bare 500. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof CareError) {
    return reply.status(careErrorStatus[error.code]).send(errorBody(error.code, error.message, error.details));
  }
  const mark = (error as { [callerErrorMark]?: CallerMark })[callerErrorMark];
  if (mark) return reply.status(mark.status).send(errorBody(mark.code, error.message, mark.details));
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = fastifyCodes[status] ?? "bad_request";
    // Fastify's own refusals: malformed JSON, wrong content type, body too large.
    if (isFastifyRefusal(error))
      return reply.status(status).send(errorBody(code, error.message, [{ path: "(body)", message: error.message }]));
    // Any other error with a status (a plug's signal handler in a core route throwing one, say) may
    // hold what its thrower had at hand, a secret included: its status stands, its message is logged only.
    request.log.warn({ err: error }, "request refused by an error that is not meant for the caller");
    return reply
      .status(status)
      .send(errorBody(code, `the request was refused (${status}); quote request id ${request.id} when reporting it`));
  }
  if (isDatabaseUnavailable(error)) {
    // Not the caller's mistake and not a bug: the write did not happen (or its outcome is unknown).
    request.log.warn({ err: error }, "request failed: the database is unavailable");
    return reply
      .status(503)
      .header("retry-after", "5")
      .send(
        errorBody(
          "database_unavailable",
          "the database cannot be reached right now; try again shortly. " +
            "If this was a write, check whether it was saved before repeating it",
        ),
      );
  }
  request.log.error({ err: error }, "request failed");
  return reply.status(500).send(errorBody("internal_error", `internal error; quote request id ${request.id} when reporting it`));
}
