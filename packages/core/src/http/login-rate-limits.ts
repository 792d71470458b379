import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { CareRefusal, spokenSeconds } from "../refusal.js";

export interface LoginRateLimitOptions {
  /** Login requests one client address may make per window. Default 60: a site's staff may share one address. */
  perAddress?: number;
  /** Login requests naming one username (from any address) per window. Default 30: guessing is bounded by the delays and the lock; this bounds the work. */
  perUsername?: number;
  /** The window, in milliseconds. Default 1 minute. */
  windowMs?: number;
}

/**
 * Counts login requests per client address and per username with @fastify/rate-limit and answers
 * `rate_limited` (429, with Retry-After) beyond either limit. Returns the two checks to run before
 * the login route: the address first (before the body is read), then the username.
 */
export async function loginRateLimits(app: FastifyInstance, options: LoginRateLimitOptions = {}) {
  const windowMs = options.windowMs ?? 60_000;
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new RangeError(`login rate limit: ${name} must be a whole number of at least 1; got ${value}`);
  }
  await app.register(rateLimit, { global: false });
  // The plugin's own key is the client address (`request.ip`, IPv6 grouped by /56 network).
  const byAddress = app.createRateLimit({ max: options.perAddress ?? 60, timeWindow: windowMs });
  const byUsername = app.createRateLimit({
    max: options.perUsername ?? 30,
    timeWindow: windowMs,
    keyGenerator: (request) => `user:${usernameOf(request) ?? ""}`,
    // A body without a username is refused by validation; it shares no count with real names.
    allowList: (request) => usernameOf(request) === undefined,
  });
  const refuseBeyond = (limiter: typeof byAddress, who: string): preHandlerAsyncHookHandler =>
    async (request) => {
      const result = await limiter(request);
      if (result.isAllowed || !result.isExceeded) return;
      const seconds = Math.max(1, result.ttlInSeconds);
      throw new CareRefusal(429, "rate_limited", `too many login requests ${who}; try again in ${spokenSeconds(seconds)}`, [], seconds);
    };
  return { byAddress: refuseBeyond(byAddress, "from this address"), byUsername: refuseBeyond(byUsername, "for this username") };
}

function usernameOf(request: FastifyRequest): string | undefined {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return typeof username === "string" && username.trim() ? username.trim().toLowerCase() : undefined;
}
