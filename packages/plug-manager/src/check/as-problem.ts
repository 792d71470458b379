import { careCodeOf, problem, type Problem } from "@care/runtime/tooling";
import { isCareCliError } from "../cli-error.js";

/**
 * A thrown refusal as a problem: its own code, hint and message; the plug it is about goes in `plug`
 * (the runtime's and the CLI's refusals name their plug in the message already; no text is matched).
 */
export function asProblem(error: unknown, plug: string | undefined, fallbackCode: string): Problem {
  return problem(careCodeOf(error) ?? fallbackCode, (error as Error).message, { ...(plug && { plug }), ...(isCareCliError(error) && error.hint && { hint: error.hint }) });
}
