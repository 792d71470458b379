import { CodedError } from "../errors/coded-error.js";
import type { SupervisorProblem } from "./supervisor-problem.js";

/**
 * A refusal from the supervisor (or no answer from it), with the HTTP status to relay: the admin API
 * passes `status` and `problem` on unchanged, the CLI prints `[code] message` and the hint.
 */
export class SupervisorError extends CodedError {
  override readonly name = "SupervisorError";

  constructor(
    readonly status: number,
    readonly problem: SupervisorProblem,
    cause?: unknown,
  ) {
    super(problem.code, problem.message, { hint: problem.hint, cause });
  }

  get details(): SupervisorProblem["details"] {
    return this.problem.details;
  }
}
