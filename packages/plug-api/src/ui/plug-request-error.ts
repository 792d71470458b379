import type { ErrorDetail } from "../errors/error-detail.js";

/**
 * A plug route's refusal as its screen sees it: the API's error answer (`{ error: { code, message,
 * details } }`), or status 0 and code `network_unreachable` when the server could not be reached.
 */
export class PlugRequestError extends Error {
  override readonly name = "PlugRequestError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }

  /** Reads the error answer of a response that is not ok; one that is not the API's (a proxy's page) keeps its status. */
  static async fromResponse(response: Response): Promise<PlugRequestError> {
    const answer = (await response.json().catch(() => undefined)) as { error?: Partial<ErrorDetailsAnswer> } | undefined;
    const error = answer?.error;
    if (error && typeof error.code === "string" && typeof error.message === "string") {
      return new PlugRequestError(response.status, error.code, error.message, Array.isArray(error.details) ? error.details : []);
    }
    return new PlugRequestError(response.status, "http_error", `the server answered ${response.status} ${response.statusText}`.trim());
  }
}

interface ErrorDetailsAnswer {
  code: string;
  message: string;
  details: ErrorDetail[];
}
