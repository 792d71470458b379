import { secret } from "@care/plug-sdk";
import { z } from "zod";

/**
 * A deployment sets the provider with `env(...)`, so neither value enters the bundle:
 *   configs: { SERVICE_URL: env("NOTIFY_URL"), SERVICE_API_KEY: env("NOTIFY_API_KEY") }
 * Numbers are coerced, so they may come from the environment too. Strict: a misspelt key in a
 * deployment's configs is an error, not a setting silently left at its default.
 */
export const notifyConfig = z
  .strictObject({
    /**
     * Off: messages are recorded as skipped and nothing is sent, so a deployment (the demo, a site
     * awaiting its provider contract) can run without a provider. On: both settings below are required.
     */
    ENABLED: z.boolean().default(true),
    /** Where messages are POSTed as JSON `{to, message, sender}`. */
    SERVICE_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
    /** Sent as `Authorization: Bearer <key>`; never logged, stored or shown. */
    SERVICE_API_KEY: secret(z.string().trim().min(8, "must be at least 8 characters").max(4096)).optional(),
    /** Who the message is from, as the provider shows it (SMS alphanumeric sender ids hold at most 11 characters). */
    SENDER: z.string().trim().min(1).max(11).default("Care"),
    /** Longer messages are cut, ending in "…" (160 is one SMS). */
    MESSAGE_MAX_LENGTH: z.coerce.number().int().min(20).max(1600).default(160),
    /** How long one call to the provider may take before it counts as failed (and is retried). */
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  })
  .superRefine((config, context) => {
    if (!config.ENABLED) return;
    for (const key of ["SERVICE_URL", "SERVICE_API_KEY"] as const) {
      if (!config[key]) context.addIssue({ code: "custom", path: [key], message: "is required while ENABLED is true" });
    }
  });
export type NotifyConfig = z.output<typeof notifyConfig>;
