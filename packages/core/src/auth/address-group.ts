import { normalizeIP } from "@fastify/rate-limit";

/**
 * The client address as the login protections count it: the same grouping the login rate limit's
 * plugin uses for its key (its own `normalizeIP`, default /64), so an IPv6 client rotating through
 * the 2^64 addresses of its network is one client for the delays and the checking line as well.
 * An IPv4-mapped IPv6 address counts as the IPv4 address.
 */
export const addressGroupOf = (address: string): string => normalizeIP(address);
