/** The staging refusals that mean "no such thing" (HTTP 404); the others refuse what was sent (422). */
export const notFoundCodes: ReadonlySet<string> = new Set(["staged_token_unknown", "staged_change_unknown"]);
