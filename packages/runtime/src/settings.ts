import { dirname, join, resolve } from "node:path";
import { passwordWeakness, type LoginProtectionOptions, type LoginRateLimitOptions } from "@care/core";
import { z } from "zod";
import { siteDirOf } from "./supervision/site-paths.js";

const positiveInteger = z.coerce
  .number({ error: "must be a whole number of at least 1" })
  .int("must be a whole number of at least 1")
  .min(1, "must be a whole number of at least 1");

/** Everything an operator sets through the environment, checked before anything starts. */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL, e.g. postgres://user:password@host:5432/care")
    .optional(),
  CARE_DATA_DIR: z.string().min(1).optional(),
  // The same policy as every password set through the API, checked before anything starts.
  CARE_ADMIN_PASSWORD: z
    .string()
    .superRefine((password, context) => {
      const weakness = passwordWeakness(password);
      if (weakness) context.addIssue({ code: "custom", message: weakness });
    })
    .optional(),
  /**
   * Believe X-Forwarded-For from these proxies: "true" (any), or a comma-separated list of addresses/CIDRs.
   * Unset: no proxy is believed.
   */
  CARE_TRUST_PROXY: z.string().min(1).optional(),
  /** Failed logins from one client address per minute before it gets 429 (default 30). */
  CARE_LOGIN_FAILURES_PER_ADDRESS: positiveInteger.optional(),
  /** Failed logins for one username per minute, from any address, before it gets 429 (default 10). */
  CARE_LOGIN_FAILURES_PER_USERNAME: positiveInteger.optional(),
  /** Failed logins in a row that lock a username (default 10). */
  CARE_LOGIN_LOCK_AFTER: positiveInteger.optional(),
  /** How long a lock lasts, in minutes (default 15). */
  CARE_LOGIN_LOCK_MINUTES: positiveInteger.optional(),
  /** Password checks (scrypt) that run at once (default 2). */
  CARE_LOGIN_CONCURRENT_CHECKS: positiveInteger.optional(),
  /** Logins that may wait for a check before one is refused with login_busy (default 8). */
  CARE_LOGIN_WAITING_CHECKS: positiveInteger.optional(),
  /** Durable deliveries in flight at once per plug in this instance, unless the plug's subscription gives its own. */
  CARE_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).optional(),
  /** The bearer token `/metrics` on the API's port asks for; unset, the API's port serves no metrics. */
  CARE_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 32)").optional(),
  /** host:port of a listener that serves `/metrics` alone, without a token (a loopback or operations network). */
  CARE_METRICS_LISTEN: z
    .string()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, "must be host:port, e.g. 127.0.0.1:9464 or [::1]:9464")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Where backups go (before a migration, and `care backup`); default: `backups` beside the data folder. */
  CARE_BACKUP_DIR: z.string().min(1).optional(),
  /** How many backups to keep; the oldest go once a new one is written. */
  CARE_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(5),
  /** Migrate without a backup first (when pg_dump cannot be installed): say so explicitly. */
  CARE_MIGRATE_WITHOUT_BACKUP: z
    .enum(["1", "true", "0", "false"], {
      message: 'must be "1" or "true" to migrate without a backup, "0" or "false" (the default) to back up first',
    })
    .optional(),
  /** care serve's control socket: set by the supervisor for the deployment it runs (the admin console relays to it). */
  CARE_SUPERVISOR_SOCKET: z.string().min(1).optional(),
  /** Set by care serve for a release it just upgraded to: writes wait until its health gate passes (probation.ts). */
  CARE_START_ON_PROBATION: z.enum(["1"], { message: 'is set by care serve only, to "1"' }).optional(),
});

export interface Settings {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** The site folder (the data folder's parent): staged archives, releases and the apply journal of care serve live there. */
  siteDir: string;
  /** CARE_SUPERVISOR_SOCKET, when care serve runs this deployment. */
  supervisorSocket: string | undefined;
  /** CARE_START_ON_PROBATION: refuse writes and hold deliveries until care serve's health gate passes. */
  startOnProbation: boolean;
  adminPassword: string | undefined;
  logLevel: string;
  deliveryConcurrency: number | undefined;
  metrics: MetricsSettings;
  backups: BackupSettings;
  logins: LoginSettings;
}

/** How logins are protected (docs/security/logins.md); unset fields take the core's defaults. */
export interface LoginSettings {
  trustProxy: boolean | string[];
  rateLimit: LoginRateLimitOptions;
  protection: LoginProtectionOptions;
}

/** Backups before a migration changes the schema, and by hand (`care backup`). */
export interface BackupSettings {
  dir: string;
  keep: number;
  /** CARE_MIGRATE_WITHOUT_BACKUP: migrate without one. */
  skip: boolean;
}

/** Where Prometheus metrics are served; neither set, they are not served at all. */
export interface MetricsSettings {
  /** Required as `Authorization: Bearer <token>` by `/metrics` on the API's own port. */
  token: string | undefined;
  /** A separate listener for `/metrics` alone, served without a token. */
  listen: { host: string; port: number } | undefined;
}

/** The environment's settings are wrong: the message lists each variable and why. */
export class SettingsError extends Error {
  readonly code = "settings_invalid";
}

export function readSettings(deployment: string, env: NodeJS.ProcessEnv): Settings {
  // An empty variable means "not set", as operators expect from `FOO= node main.js`.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = environmentSchema.safeParse(given);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new SettingsError(`the environment has ${lines.length} problem(s):\n${lines.join("\n")}`);
  }
  const parsed = result.data;
  const dataDir = resolve(parsed.CARE_DATA_DIR ?? `.care/${deployment}/data`);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    dataDir,
    siteDir: siteDirOf(dataDir),
    supervisorSocket: parsed.CARE_SUPERVISOR_SOCKET,
    startOnProbation: parsed.CARE_START_ON_PROBATION === "1",
    adminPassword: parsed.CARE_ADMIN_PASSWORD,
    logLevel: parsed.LOG_LEVEL,
    deliveryConcurrency: parsed.CARE_DELIVERY_CONCURRENCY,
    metrics: metricsSettings(parsed.CARE_METRICS_TOKEN, parsed.CARE_METRICS_LISTEN),
    logins: {
      trustProxy:
        parsed.CARE_TRUST_PROXY === undefined || parsed.CARE_TRUST_PROXY === "false"
          ? false
          : parsed.CARE_TRUST_PROXY === "true"
            ? true
            : parsed.CARE_TRUST_PROXY.split(",")
                .map((item) => item.trim())
                .filter(Boolean),
      rateLimit: defined({ perAddress: parsed.CARE_LOGIN_FAILURES_PER_ADDRESS, perUsername: parsed.CARE_LOGIN_FAILURES_PER_USERNAME }),
      protection: defined({
        lockAfterFailures: parsed.CARE_LOGIN_LOCK_AFTER,
        lockMs: parsed.CARE_LOGIN_LOCK_MINUTES === undefined ? undefined : parsed.CARE_LOGIN_LOCK_MINUTES * 60_000,
        concurrentHashes: parsed.CARE_LOGIN_CONCURRENT_CHECKS,
        waitingHashes: parsed.CARE_LOGIN_WAITING_CHECKS,
      }),
    },
    backups: {
      // Beside the data folder (.care/<deployment>/backups) on a server too: the same place for both engines.
      dir: resolve(parsed.CARE_BACKUP_DIR ?? join(dirname(resolve(parsed.CARE_DATA_DIR ?? `.care/${deployment}/data`)), "backups")),
      keep: parsed.CARE_BACKUP_KEEP,
      skip: parsed.CARE_MIGRATE_WITHOUT_BACKUP === "1" || parsed.CARE_MIGRATE_WITHOUT_BACKUP === "true",
    },
  };
}

/** The metrics settings alone, for a deployment booted without `readSettings` (the environment is checked the same way). */
export function readMetricsSettings(env: NodeJS.ProcessEnv): MetricsSettings {
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = environmentSchema.pick({ CARE_METRICS_TOKEN: true, CARE_METRICS_LISTEN: true }).safeParse(given);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new SettingsError(`the environment has ${lines.length} problem(s):\n${lines.join("\n")}`);
  }
  return metricsSettings(result.data.CARE_METRICS_TOKEN, result.data.CARE_METRICS_LISTEN);
}

function metricsSettings(token: string | undefined, listen: string | undefined): MetricsSettings {
  if (!listen) return { token, listen: undefined };
  const colon = listen.lastIndexOf(":");
  const host = listen.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  const port = Number(listen.slice(colon + 1));
  if (port > 65535) throw new SettingsError(`the environment has 1 problem(s):\n  CARE_METRICS_LISTEN: port ${port} is above 65535`);
  return { token, listen: { host, port } };
}

/** The fields that were given: the core's defaults apply to the others. */
function defined<T extends Record<string, number | undefined>>(values: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: number };
}
