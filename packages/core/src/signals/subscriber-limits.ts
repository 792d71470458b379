import type { Subscription } from "./subscription.js";

/**
 * Deliveries each durable subscriber may have in flight at once in this instance. A subscriber (a
 * plug) shares one limit across its subscriptions: the smallest any of them asks for, so a plug
 * that needs one-at-a-time delivery gets it for all its signals; otherwise `fallback`.
 */
export function subscriberLimits(subscriptions: readonly Subscription[], fallback: number): Map<string, number> {
  const limits = new Map<string, number>();
  for (const entry of subscriptions) {
    if (entry.mode !== "durable") continue;
    const asked = entry.concurrency ?? fallback;
    limits.set(entry.subscriber, Math.min(limits.get(entry.subscriber) ?? asked, asked));
  }
  return limits;
}

/** The durable subscription that handles a row, by subscriber and signal. */
export function subscriptionIndex(subscriptions: readonly Subscription[]): Map<string, Subscription> {
  return new Map(subscriptions.map((entry) => [subscriptionKey(entry.subscriber, entry.signal), entry]));
}

export const subscriptionKey = (subscriber: string, signal: string) => `${subscriber}\n${signal}`;
