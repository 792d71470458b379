import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { CareRefusal, spokenSeconds } from "../refusal.js";

export interface LoginRateLimitOptions {
  /** Failed logins from one client address per window. Default 30. */
  perAddress?: number;
  /** Failed logins naming one username, from any address, per window. Default 10. */
  perUsername?: number;
  /** The window, in milliseconds. Default 1 minute. */
  windowMs?: number;
}

/**
 * Counts failed logins per client address and per username in @fastify/rate-limit's store, and
 * refuses a login with `rate_limited` (429, with Retry-After) once either has reached its limit
 * in the window, before any password is checked. Only failures count: a site's staff share an
 * address and log in all day; what a limit must bound is guessing. How many logins are checked at
 * once, right or wrong, is the checking line's to bound (`auth/hash-line.ts`).
 */
export async function loginRateLimits(app: FastifyInstance, options: LoginRateLimitOptions = {}) {
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1))
      throw new RangeError(`login rate limit: ${name} must be a whole number of at least 1; got ${value}`);
  }
  const timeWindow = options.windowMs ?? 60_000;
  await app.register(rateLimit, { global: false });
  // The plugin's own key is the client address (`request.ip`, IPv6 grouped by /64 network, as
  // auth/address-group.ts groups the other counts).
  const byAddress = app.createRateLimit({ max: options.perAddress ?? 30, timeWindow });
  const byUsername = app.createRateLimit({
    max: options.perUsername ?? 10,
    timeWindow,
    keyGenerator: (request) => `user:${usernameOf(request) ?? ""}`,
    // A body without a username is refused by validation; it shares no count with real names.
    allowList: (request) => usernameOf(request) === undefined,
  });
  const refuseAtLimit =
    (limiter: typeof byAddress, who: string): preHandlerAsyncHookHandler =>
    async (request) => {
      const counted = await limiter(request, { increment: false });
      if (counted.isAllowed || counted.remaining > 0) return;
      const seconds = Math.max(1, counted.ttlInSeconds);
      throw new CareRefusal(429, "rate_limited", `too many failed logins ${who}; try again in ${spokenSeconds(seconds)}`, [], seconds);
    };
  return {
    /** Before the body is read. */
    byAddress: refuseAtLimit(byAddress, "from this address"),
    /** Once the body names the username. */
    byUsername: refuseAtLimit(byUsername, "for this username"),
    async countFailure(request: FastifyRequest): Promise<void> {
      await byAddress(request);
      await byUsername(request);
    },
  };
}

function usernameOf(request: FastifyRequest): string | undefined {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return typeof username === "string" && username.trim() ? username.trim().toLowerCase() : undefined;
}
