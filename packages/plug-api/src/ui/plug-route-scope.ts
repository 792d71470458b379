import type { CareUiHost } from "./care-ui-host.js";
import { PlugRequestError } from "./plug-request-error.js";

// plugIdPattern of the contract (definition/plug-block.ts), repeated so that the browser entry does not
// load zod for it; test/plug-route-scope.test.ts keeps the two equal.
export const plugIdInBrowser = /^[a-z][a-z0-9_]{0,31}$/;

/** Where a plug's own routes are served: `/api/plugs/<plugId>/`. */
export const plugRoutesPrefix = (plugId: string): string => `/api/plugs/${plugId}/`;

// An encoded dot, slash or backslash: a server or proxy that decodes the path before routing would read
// `..%2F` as a step up, out of the plug's routes, after the check below saw a single harmless segment.
const encodedSeparator = /%(2e|2f|5c)/i;

// Off a page (React's server renderer, a test), same-origin paths resolve against a base nothing else uses.
const offPageOrigin = "http://care-page.invalid";

function pageOrigin(): string {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin?.startsWith("http") ? origin : offPageOrigin;
}

function refusal(plugId: string, requested: string, why: string): PlugRequestError {
  const shown = JSON.stringify(requested.slice(0, 200));
  const message = `plug ${plugId}'s screens may call only its own routes (${plugRoutesPrefix(plugId)}…): refused ${shown}, ${why}`;
  return new PlugRequestError(0, "plug_ui_route_outside_plug", message);
}

/**
 * The same-origin path (pathname and query) a plug's screen may request, or a refusal: the URL is
 * resolved as the browser would (WHATWG URL, against the page), and what is checked is what is sent.
 */
export function plugRoutePath(plugId: string, requested: string): string {
  if (!plugIdInBrowser.test(plugId)) throw refusal(plugId, requested, "which is no plug id");
  // The URL parser drops tabs and newlines, so "%2\tf" would become "%2f" after the checks below: refuse them first.
  if (/[\u0000-\u001f\u007f]/.test(requested)) throw refusal(plugId, requested, "a URL with a control character");
  const rawPath = requested.split(/[?#]/, 1)[0] ?? "";
  if (rawPath.includes("\\")) throw refusal(plugId, requested, "a path with a backslash");
  if (encodedSeparator.test(rawPath)) throw refusal(plugId, requested, "a path with an encoded dot, slash or backslash");
  const origin = pageOrigin();
  let url: URL;
  try {
    url = new URL(requested, origin);
  } catch {
    throw refusal(plugId, requested, "which is not a URL");
  }
  if (url.origin !== origin || url.username || url.password) throw refusal(plugId, requested, "another server");
  if (!url.pathname.startsWith(plugRoutesPrefix(plugId))) throw refusal(plugId, requested, `which is ${url.pathname}`);
  if (encodedSeparator.test(url.pathname)) throw refusal(plugId, requested, "a path with an encoded dot, slash or backslash");
  return `${url.pathname}${url.search}`;
}

/**
 * The host as plug `plugId`'s screens see it: the same user and language, and a fetch that reaches
 * only the plug's own routes. Scoping a scoped host again narrows it (a scope inside another plug's
 * reaches nothing), so a screen cannot widen what it was given by nesting a PlugScope.
 */
export function scopeHostToPlug(host: CareUiHost, plugId: string): CareUiHost {
  return Object.freeze({
    user: host.user,
    locale: host.locale,
    fetch: async (path: string, init?: RequestInit) => {
      // Plain JavaScript may hand over a URL or a Request: a URL is checked as its text, anything else refused.
      const given: unknown = path;
      const requested = given instanceof URL ? given.href : given;
      if (typeof requested !== "string") throw refusal(plugId, String(requested), "which is not a URL string");
      // No redirects: one would carry the session's token to wherever the answer points, unchecked.
      return host.fetch(plugRoutePath(plugId, requested), { ...init, redirect: "error" });
    },
  });
}
