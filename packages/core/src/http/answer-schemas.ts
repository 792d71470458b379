import { z } from "zod";

/** The body of every error answer (see `errorBody`). */
export const errorAnswerSchema = z.object({
  error: z.object({
    code: z.string().describe("stable snake_case code, listed in docs/errors.md"),
    message: z.string().describe("what went wrong, where, and what to do"),
    details: z.array(z.object({ path: z.string(), message: z.string() })).describe("one entry per problem, with the field it concerns"),
  }),
});

/** Why each error status is answered, as the API reference shows it. */
const errorMeanings = {
  400: "invalid input (validation_failed, naming each field) or a refused value",
  401: "no valid bearer token: log in first (unauthorized)",
  403: "the caller's roles do not allow it (forbidden)",
  404: "nothing with that id is visible to the caller (not_found)",
  409: "a conflict with what is stored, or an illegal status move",
} as const;

export type ErrorStatus = keyof typeof errorMeanings;

/** Response schemas for the error statuses a route can answer, in the core's error body. */
export function errorAnswers<S extends ErrorStatus>(...statuses: S[]): Record<S, typeof errorAnswerSchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorAnswerSchema.describe(errorMeanings[status])])) as Record<
    S,
    typeof errorAnswerSchema
  >;
}

/** A page of a list: `nextCursor` is passed back as `cursor` for the next page, null on the last. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe("pass as cursor for the next page; null on the last page") });
