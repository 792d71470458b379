import { resolve } from "node:path";
import { z } from "zod";

/** Everything an operator sets through the environment, checked before anything starts. */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL, e.g. postgres://user:password@host:5432/care")
    .optional(),
  CARE_DATA_DIR: z.string().min(1).optional(),
  CARE_ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  /** Durable deliveries in flight at once per plug in this instance, unless the plug's subscription gives its own. */
  CARE_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Settings {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  logLevel: string;
  deliveryConcurrency: number | undefined;
}

export class SettingsError extends Error {}

export function readSettings(deployment: string, env: NodeJS.ProcessEnv): Settings {
  // An empty variable means "not set", as operators expect from `FOO= node main.js`.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = environmentSchema.safeParse(given);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new SettingsError(`the environment has ${lines.length} problem(s):\n${lines.join("\n")}`);
  }
  const parsed = result.data;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    dataDir: resolve(parsed.CARE_DATA_DIR ?? `.care/${deployment}/data`),
    adminPassword: parsed.CARE_ADMIN_PASSWORD,
    logLevel: parsed.LOG_LEVEL,
    deliveryConcurrency: parsed.CARE_DELIVERY_CONCURRENCY,
  };
}
