/** One problem of a refused request, with the field it concerns (`path`, as the API names it). */
export interface ApiErrorDetail {
  path: string;
  message: string;
  /** The validation issue's code (`too_small`, say), when the server names one: the screens translate by it. */
  code?: string;
}

/** A request the API refused, or one that never got an answer: what the forms and screens show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const isDetail = (value: unknown): value is ApiErrorDetail =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as ApiErrorDetail).path === "string" &&
  typeof (value as ApiErrorDetail).message === "string";

const toDetail = ({ path, message, code }: ApiErrorDetail): ApiErrorDetail =>
  typeof code === "string" ? { path, message, code } : { path, message };

/**
 * The ApiError of an error answer. Care answers `{error: {code, message, details}}`; anything else
 * (a proxy's HTML page, an empty body) keeps its status under the code `unreadable_answer`. The
 * message is English, for logs: screens show the text of the code (errors/error-text.ts).
 */
export function parseErrorAnswer(status: number, bodyText: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === "string" && typeof error.message === "string") {
    const details = Array.isArray(error.details) ? error.details.filter(isDetail).map(toDetail) : [];
    return new ApiError(status, error.code, error.message, details);
  }
  return new ApiError(status, "unreadable_answer", `the server answered ${status} without a Care error body`);
}

/** The error of a fetch that got no answer at all. */
export const unreachable = (cause: unknown): ApiError =>
  new ApiError(0, "network_unreachable", `the server could not be reached (${cause instanceof Error ? cause.message : String(cause)})`);
