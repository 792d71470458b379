import { careCodeOf, problem, type Problem } from "@care/runtime/check-tooling";
import { isCareCliError } from "../cli-error.js";

/**
 * A thrown refusal as a problem: its own code, hint and message, named by its plug once. Whether the
 * message names the plug already is in the error's fields (a CareCliError's `plug`, a
 * PlugMigrationError's `plugId`), never read from its words.
 */
export function asProblem(error: unknown, plug: string | undefined, fallbackCode: string): Problem {
  const { plug: named, plugId } = error as { plug?: unknown; plugId?: unknown };
  const message = (error as Error).message;
  const text = plug === undefined || named === plug || plugId === plug ? message : `plug ${plug}: ${message}`;
  return problem(careCodeOf(error) ?? fallbackCode, text, {
    ...(plug && { plug }),
    ...(isCareCliError(error) && error.hint && { hint: error.hint }),
  });
}
