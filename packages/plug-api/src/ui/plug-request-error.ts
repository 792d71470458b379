import type { ErrorDetail } from "../errors/error-detail.js";

/**
 * The codes of the refusals made in the browser rather than answered by the server. A screen translates
 * by code; the message is an English fallback.
 */
export type PlugUiErrorCode =
  /** No answer came: the server is down or the network is cut (status 0). */
  | "network_unreachable"
  /** The answer was not the API's error body: a proxy's or gateway's page (its status is kept). */
  | "unreadable_answer"
  /** The screen asked for a URL outside its plug's own routes; nothing was sent (status 0). */
  | "plug_ui_route_outside_plug"
  /** A route param was missing; nothing was sent (status 0). */
  | "plug_route_param_missing"
  /** A route param was `.` or `..`, or held a `/` or `\`: it would leave its path segment; nothing was sent (status 0). */
  | "plug_route_param_invalid";

/**
 * A plug route's refusal as its screen sees it: the API's error answer (`{ error: { code, message,
 * details } }`), or one of the PlugUiErrorCode refusals made in the browser.
 */
export class PlugRequestError extends Error {
  override readonly name = "PlugRequestError";

  constructor(
    readonly status: number,
    readonly code: PlugUiErrorCode | (string & {}),
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
    // The web app's code for the same case (its ApiError), so that one translation serves both.
    const code: PlugUiErrorCode = "unreadable_answer";
    return new PlugRequestError(response.status, code, `the server answered ${response.status} ${response.statusText}`.trim());
  }
}

interface ErrorDetailsAnswer {
  code: string;
  message: string;
  details: ErrorDetail[];
}
