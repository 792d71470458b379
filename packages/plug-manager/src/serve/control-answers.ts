import type { FastifyReply } from "fastify";
import type { SupervisorProblem } from "@care/runtime/supervision";
import { isCareCliError } from "../cli-error.js";
import { notFoundCodes } from "./staging/index.js";

/** A refusal of the control API, with its HTTP status. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Refusals that are a conflict with what the site holds now, rather than a fault of what was sent. */
const conflictCodes = new Set(["apply_running", "nothing_staged", "change_not_needed"]);

/**
 * Answers an error as the core's API does, `{ error: { code, message, hint? } }`: a refusal with
 * its status; a coded CLI error (staging's, the trust policy's, an archive's) as 404 when it means
 * "no such thing", 409 for a conflict, else 422 (what was sent is refused); anything else is a bug, 500.
 */
export function sendProblem(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof ControlError) return reply.status(error.status).send(body(error.code, error.message, error.hint));
  if (isCareCliError(error) && error.code) {
    const status = notFoundCodes.has(error.code) ? 404 : conflictCodes.has(error.code) ? 409 : 422;
    return reply.status(status).send(body(error.code, error.message, error.hint));
  }
  reply.log.error({ err: error }, "control request failed");
  return reply
    .status(500)
    .send(
      body(
        "supervisor_internal_error",
        `the supervisor failed: ${(error as Error)?.message ?? String(error)}`,
        "look at care serve's output",
      ),
    );
}

const body = (code: string, message: string, hint?: string): { error: SupervisorProblem } => ({
  error: { code, message, ...(hint !== undefined && { hint }) },
});
