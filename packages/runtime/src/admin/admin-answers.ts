import { z } from "zod";
import { supervisorProblemSchema } from "../supervision/supervisor-problem.js";

/** Why each error status of the admin API is answered, as the API reference shows it. */
const meanings = {
  400: "invalid input (validation_failed, naming each field)",
  401: "no valid bearer token: log in first (unauthorized)",
  403: "the caller is not an administrator (forbidden)",
  404: "nothing with that id (not_found)",
  409: "a conflict: nothing is staged, or an apply is running",
  413: "the archive is larger than 64 MiB (payload_too_large)",
  415: "the body is not application/octet-stream (unsupported_media_type)",
  422: "the archive is refused (its code says why); nothing was staged",
  502: "the supervisor does not answer (supervisor_unreachable)",
  503: "the deployment does not run under care serve (not_supervised)",
} as const;

/** The error body: the core's, with the supervisor's hint when it gives one. */
export const adminErrorSchema = supervisorProblemSchema;

/** Response schemas for the error statuses a route can answer. */
export function adminErrors<S extends keyof typeof meanings>(...statuses: S[]): Record<S, z.ZodType> {
  return Object.fromEntries(statuses.map((status) => [status, adminErrorSchema.describe(meanings[status])])) as unknown as Record<
    S,
    z.ZodType
  >;
}

/** Routes that take no query parameters refuse any, as the core's do. */
export const noQuery = z.strictObject({});

export const idParams = (noun: string) => z.strictObject({ id: z.string().min(1).describe(`the ${noun}'s id`) });
