import { randomBytes } from "node:crypto";
import { systemActor, type CareDatabase, type Core, type DispatcherOptions, type Role, type User } from "@care/core";
import { bootDeployment, preparePlugs, type AnyPlugDefinition, type BootedDeployment, type ManifestPlug } from "@care/runtime/tooling";
import type { FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { openScratchDatabase } from "./ensure-database.js";
import { TestClient } from "./test-client.js";

export interface TestDeploymentOptions {
  /** The plugs under test (and those they depend on), as definitions or manifest entries with configs. */
  plugs: Array<AnyPlugDefinition | ManifestPlug>;
  /** What `env("X")` config values read. */
  env?: NodeJS.ProcessEnv;
  /** An existing database (to test a restart); by default a fresh one, closed with the deployment. */
  database?: CareDatabase;
  dispatcher?: DispatcherOptions;
  logger?: Logger;
}

export interface TestDeployment {
  core: Core;
  app: FastifyInstance;
  database: CareDatabase;
  booted: BootedDeployment;
  /** Logged in as `admin`. */
  admin: TestClient;
  /** A client without a token. */
  anonymous: TestClient;
  /** A new staff user with these roles and facilities, and a client logged in as them. */
  userClient(roles: Role[], facilityIds: string[]): Promise<{ user: User; client: TestClient }>;
  /**
   * Waits until every signal delivery has settled: after-commit handlers finished and no durable
   * delivery pending (retries included). Fails after `timeoutMs`, and when a durable delivery has
   * failed for good since the last call (unless `allowFailed`).
   */
  deliveries(options?: { timeoutMs?: number; allowFailed?: boolean }): Promise<void>;
  /** Stops plugs and delivery; closes the database unless it was given. */
  close(): Promise<void>;
}

const adminPassword = "test-admin-password";

/**
 * One call boots the core and the given plugs on a fresh database: PGlite in memory, or a scratch
 * database on `DATABASE_URL` when set (its named database is created when missing). The durable
 * dispatcher does not poll; `deliveries()` drives it.
 */
export async function startTestDeployment(options: TestDeploymentOptions): Promise<TestDeployment> {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await openScratchDatabase());
  const logger = options.logger ?? pino({ level: "silent" });
  try {
    const manifestPlugs = options.plugs.map((entry) => ("kind" in entry ? { plug: entry } : entry));
    const prepared = await preparePlugs({ deployment: "test", plugs: manifestPlugs }, options.env ?? {});
    const booted = await bootDeployment(prepared, {
      database,
      logger,
      adminPassword,
      dispatcher: { backoffMs: 10, maxBackoffMs: 50, ...options.dispatcher },
    });
    await booted.start();
    const { core, app } = booted;
    await app.ready();

    let failuresReported = "0";
    /** Durable deliveries that failed for good since the last report: a plug test should not pass over them. */
    const reportFailures = async (allowFailed: boolean) => {
      const failed = await database.db
        .selectFrom("care_system.outbox")
        .select(["id", "signal", "subscriber", "attempts", "last_error"])
        .where("status", "=", "failed")
        .where("id", ">", failuresReported)
        .orderBy("id")
        .execute();
      if (failed.length === 0) return;
      failuresReported = failed[failed.length - 1]!.id;
      if (allowFailed) return;
      const lines = failed.map((row) => `${row.subscriber} on ${row.signal}: ${row.last_error} (after ${row.attempts} tries)`);
      throw new Error(`${failed.length} durable deliveries failed for good:\n  ${lines.join("\n  ")}`);
    };
    const login = async (username: string, password: string) =>
      new TestClient(app, (await core.sessions.login({ username, password })).token);
    const admin = await login("admin", adminPassword);

    return {
      core,
      app,
      database,
      booted,
      admin,
      anonymous: new TestClient(app, undefined),
      userClient: async (roles, facilityIds) => {
        const password = randomBytes(12).toString("hex");
        const user = await core.users.create(systemActor("test"), {
          username: `user_${randomBytes(4).toString("hex")}`,
          displayName: "Test user",
          password,
          roles,
          facilityIds,
        });
        return { user, client: await login(user.username, password) };
      },
      deliveries: async ({ timeoutMs = 15_000, allowFailed = false } = {}) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          await core.signals.idle();
          await core.dispatcher.deliverDue();
          const open = await database.db
            .selectFrom("care_system.outbox")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("status", "in", ["pending", "processing"])
            .executeTakeFirstOrThrow();
          if (Number(open.n) === 0) return reportFailures(allowFailed);
          if (Date.now() > deadline) throw new Error(`${open.n} durable deliveries still pending after ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
      close: async () => {
        await app.close();
        await core.dispatcher.drain();
        await core.signals.idle();
        await booted.stop();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }
}
