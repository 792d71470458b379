import type { NotifyConfig } from "./config.js";

/** What the provider made of one message. A failure that is worth retrying is thrown instead. */
export type ProviderOutcome =
  | { kind: "accepted"; status: number; messageId: string | null }
  | { kind: "rejected"; status: number; reason: string };

export interface OutgoingMessage {
  /** The signal's event id: the provider drops a second request with the same key. */
  idempotencyKey: string;
  to: string;
  message: string;
}

/** Thrown for a provider answer or network failure that a later try may get past. */
export class ProviderUnavailableError extends Error {
  override name = "ProviderUnavailableError";
}

const maxReasonLength = 300;

/**
 * POSTs one message. 2xx: accepted. 429, 5xx, a redirect, a network error or a timeout: thrown, so
 * the dispatcher retries with backoff. Any other 4xx: rejected, for good. Nothing returned or
 * thrown ever holds the API key, even if the provider echoes it back.
 */
/** The config once enabled: the schema requires both settings then. */
export type ProviderConfig = NotifyConfig & { SERVICE_URL: string; SERVICE_API_KEY: string };

export async function sendToProvider(config: ProviderConfig, outgoing: OutgoingMessage): Promise<ProviderOutcome> {
  const hide = redactor(config.SERVICE_API_KEY);
  let response: Response;
  let text: string;
  try {
    response = await fetch(config.SERVICE_URL, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        authorization: `Bearer ${config.SERVICE_API_KEY}`,
        "idempotency-key": outgoing.idempotencyKey,
      },
      body: JSON.stringify({ to: outgoing.to, message: outgoing.message, sender: config.SENDER }),
      // The key must not follow a redirect to another host; a redirect is a setup problem, retried.
      redirect: "error",
      signal: AbortSignal.timeout(config.REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    throw new ProviderUnavailableError(
      `the SMS provider could not be reached: ${hide(describeFetchError(error, config.REQUEST_TIMEOUT_MS))}`,
    );
  }
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: "accepted", status, messageId: messageIdOf(text) };
  if (status === 429) throw new ProviderUnavailableError("the SMS provider is rate limiting (429); will retry");
  if (status >= 400 && status < 500) return { kind: "rejected", status, reason: hide(reasonOf(text)) || `HTTP ${status}` };
  throw new ProviderUnavailableError(`the SMS provider answered ${status}; will retry`);
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The provider's id for the message, from `{id}` or `{messageId}`, if it gave one. */
function messageIdOf(text: string): string | null {
  const body = parseJson(text) as { id?: unknown; messageId?: unknown } | undefined;
  const id = body?.id ?? body?.messageId;
  return typeof id === "string" || typeof id === "number" ? String(id).slice(0, 200) : null;
}

/** Why the provider refused, shortened: `{error}` or `{message}` of a JSON body, else the text itself. */
function reasonOf(text: string): string {
  const body = parseJson(text) as { error?: unknown; message?: unknown } | undefined;
  const field = body?.error ?? body?.message;
  const reason = typeof field === "string" ? field : typeof field === "object" && field ? JSON.stringify(field) : text;
  return reason.replace(/\s+/g, " ").trim().slice(0, maxReasonLength);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Replaces every occurrence of the secret (a provider may echo it) before text is kept or logged. */
export function redactor(secret: string): (text: string) => string {
  return (text) => (secret ? text.split(secret).join("[secret]") : text);
}
