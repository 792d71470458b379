import type { PlugNames } from "../../names.js";

/** src/config.ts: the plug's settings, a zod schema with defaults. */
export const config = (plug: PlugNames): string => `import { z } from "zod";

/**
 * The ${plug.id} plug's settings. A deployment overrides the defaults in its plug.config.ts, e.g.
 * \`configs: { notePrefix: "New patient" }\`; values are checked against this schema when the
 * deployment is built and again at start. Mark a secret with \`secret(z.string())\` from
 * @care/plug-sdk: its value then never shows in logs, errors or /health.
 */
export const ${plug.camel}Config = z.object({
  /** Put before the patient's name in each note. */
  notePrefix: z.string().trim().min(1).max(100).default("Registered"),
});
export type ${plug.pascal}Config = z.output<typeof ${plug.camel}Config>;
`;
