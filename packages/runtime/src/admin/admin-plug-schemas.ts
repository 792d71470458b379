import { z } from "zod";

/** One step the database recorded: a core migration (plug null) or a plug's install.sql or upgrade step. */
export const migrationStepSchema = z.object({
  plug: z.string().nullable().describe("the plug's id; null for the core's own migrations"),
  step: z.string().describe('"0002_plug_registry" (core), "install.sql" or "upgrade/1.0.0_1.1.0" (a plug)'),
  toVersion: z.string().nullable(),
  checksum: z.string().nullable(),
  appliedAt: z.string().nullable().describe("ISO 8601"),
});

const metadataSchema = z.object({
  description: z.string().nullable(),
  license: z.string().nullable(),
  author: z.string().nullable(),
  homepage: z.string().nullable(),
  repository: z.string().nullable(),
});

/** A plug as the admin console lists it: what the bundle holds, what the database has installed, how it runs. */
export const adminPlugSchema = z.object({
  id: z.string(),
  package: z.string(),
  bundledVersion: z.string().nullable().describe("null when detached (installed, no longer in the bundle)"),
  installedVersion: z.string().nullable().describe("the version the database is at; null before its install"),
  source: z.enum(["workspace", "registry", "file", "git"]).nullable().describe("from plugs.lock.json; null without one"),
  integrity: z.object({
    lock: z.string().nullable().describe("the package's integrity in plugs.lock.json"),
    verified: z.boolean().describe("its installed files matched the bundle's plugs.digests.json when this process started"),
  }),
  signature: z.object({ status: z.enum(["signed", "unsigned"]), signedBy: z.string().nullable() }),
  state: z.enum(["started", "disabled", "detached", "failed"]),
  required: z.boolean(),
  health: z
    .object({ status: z.enum(["ok", "failing"]), reason: z.string().nullable(), checkedAt: z.string().nullable() })
    .nullable()
    .describe("its own health() answer, as /health/ready shows it; null when it has none or does not run"),
  metadata: metadataSchema,
  ui: z.boolean().describe("it ships screens for the web app"),
});

/** One top-level setting of a plug: a secret's value is never shown, only whether it is set. */
export const adminConfigEntrySchema = z.object({
  key: z.string(),
  secret: z.boolean(),
  set: z.boolean(),
  value: z.unknown().nullable().describe("null for a secret, and when not set"),
  from: z.enum(["deployment", "environment", "default"]).describe("plug.config.ts, an environment variable (env()), or the plug's default"),
});

export const adminPlugDetailSchema = adminPlugSchema.extend({
  config: z.array(adminConfigEntrySchema),
  migrations: z.array(migrationStepSchema),
});

export type MigrationStep = z.infer<typeof migrationStepSchema>;
export type AdminPlug = z.infer<typeof adminPlugSchema>;
export type AdminPlugMetadata = z.infer<typeof metadataSchema>;
export type AdminConfigEntry = z.infer<typeof adminConfigEntrySchema>;
export type AdminPlugDetail = z.infer<typeof adminPlugDetailSchema>;
