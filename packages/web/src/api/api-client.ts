import { sessionToken } from "../auth/session-token.js";
import { parseErrorAnswer, unreachable } from "./api-error.js";

/** Called when the API answers 401: the session ended (expired, or signed out elsewhere). */
let onSessionEnded: () => void = () => {};
export const whenSessionEnds = (listener: () => void) => {
  onSessionEnded = listener;
};

const isPlugRoute = (path: string) => new URL(path, location.origin).pathname.startsWith("/api/plugs/");

/**
 * A request to the deployment's own origin with the session's bearer token. Resolves with every
 * Response the server gives (plugs read their own errors); rejects only when no answer came.
 */
export async function careFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = sessionToken.read();
  if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  if (typeof init.body === "string" && !headers.has("content-type")) headers.set("content-type", "application/json");
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    throw unreachable(error);
  }
  // Only the core's own refusal of this very session ends it: a plug route may answer 401 for reasons of its own, and a
  // late answer to a request made with an earlier session's token must not end the session signed in since.
  if (response.status === 401 && token && token === sessionToken.read() && !isPlugRoute(path)) onSessionEnded();
  return response;
}

/** A core API call answering JSON: the parsed body, or a thrown ApiError with the API's code and message. */
export async function apiJson<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await careFetch(`/api/v1${path}`, json === undefined ? rest : { ...rest, body: JSON.stringify(json) });
  if (!response.ok) throw parseErrorAnswer(response.status, await response.text());
  return (response.status === 204 ? undefined : await response.json()) as T;
}
