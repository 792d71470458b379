import type { FastifyInstance, FastifySchemaValidationError } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { CareError, type ErrorDetail } from "../errors.js";
import { CareRefusal } from "../refusal.js";

/** What each part of a request is called in a message a caller reads. */
const partNames: Record<string, string> = {
  body: "request body",
  querystring: "query parameters",
  params: "path parameters",
  headers: "request headers",
};

/**
 * Validates every route's params, query and body with its zod schemas (the parsed values reach the
 * handler) and serializes its answers through its response schemas (unknown keys are stripped).
 * Set before any route, so plug routes the runtime mounts later are validated the same way. A
 * refusal is answered in the core's error body: 400 `validation_failed` with one detail per problem.
 */
export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setSchemaErrorFormatter(requestValidationError);
}

/** The error a refused request part becomes; `handleError` answers it like any CareError. */
export function requestValidationError(errors: FastifySchemaValidationError[], part: string): Error {
  const where = partNames[part] ?? part;
  const details = errors.flatMap((error) => detailsOf(error, part));
  // The password policy alone keeps its own code, as the users service answers it (password_too_weak).
  if (details.length > 0 && errors.every(fromPasswordPolicy)) {
    return new CareRefusal(400, "password_too_weak", `the password ${details[0]!.message}`, details);
  }
  const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join("; ");
  return new CareError("validation_failed", `invalid ${where}: ${summary}`, details);
}

/** One detail per problem; an unknown key is reported where it is, one detail per key. */
function detailsOf(error: FastifySchemaValidationError, part: string): ErrorDetail[] {
  const path = error.instancePath.split("/").filter(Boolean);
  if (error.keyword !== "unrecognized_keys") return [{ path: pathText(path), message: error.message ?? "is not valid" }];
  const keys = (error.params as { keys?: unknown }).keys;
  return (Array.isArray(keys) ? keys.map(String) : []).map((key) => ({
    path: pathText([...path, key]),
    message: part === "querystring" ? `unknown query parameter "${key}"; remove it or check its spelling` : "unknown field; remove it",
  }));
}

const pathText = (path: string[]) => path.join(".") || "(root)";

/** Issues raised by `checkPasswordPolicy` carry `params.passwordPolicy`; the type provider keeps them in `params.params`. */
function fromPasswordPolicy(error: FastifySchemaValidationError): boolean {
  const issueParams = (error.params as { params?: { passwordPolicy?: unknown } }).params;
  return error.keyword === "custom" && issueParams?.passwordPolicy === true;
}
