import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Actor, Role } from "../actor.js";
import type { UnitOfWork } from "../db/unit-of-work.js";
import { CareError, parseInput } from "../errors.js";
import { verifyNothing, verifyPassword } from "../users/password.js";
import { z } from "zod";
import { HashLine, type HashLineCounts } from "./hash-line.js";
import { LoginFailures } from "./login-failures.js";
import { loginProtection, type LoginProtectionOptions } from "./login-protection-options.js";

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

/** Only a hash of each token is stored: a copy of the database lets no one sign in. */
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const invalidLogin = () => new CareError("unauthorized", "invalid username or password");

/**
 * Where a login comes from. HTTP gives the client's address; in-process callers (tests, tools) give none
 * and meet only the per-username protections.
 */
export interface LoginOrigin {
  address?: string;
}

/** Opaque bearer tokens backed by `core.sessions`, so they can be revoked at once. */
export class SessionService {
  private readonly failures: LoginFailures;
  private readonly hashLine: HashLine;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly ttlMs: number = 12 * 60 * 60 * 1000,
    logger: Logger,
    protection: LoginProtectionOptions = {},
  ) {
    const settings = loginProtection(protection);
    this.failures = new LoginFailures(settings, logger);
    this.hashLine = new HashLine(settings);
  }

  /**
   * Checks a username and password and opens a session. Refused before any hashing when the
   * username is locked or the attempt comes too soon after failures, and at once when the
   * password-checking line is full.
   */
  async login(input: unknown, origin: LoginOrigin = {}): Promise<{ token: string; expiresAt: string; userId: string }> {
    const { username, password } = parseInput(loginSchema, input, "login");
    const { address } = origin;
    this.failures.assertMayTry(username, address);
    // The look-up takes its place in the line too, so a refused login costs no database work.
    const { user, valid } = await this.hashLine.check(username, address, async () => {
      const user = await this.uow.db
        .selectFrom("core.users")
        .select(["id", "password_hash", "active"])
        .where(sql`lower(username)`, "=", username.toLowerCase())
        .executeTakeFirst();
      return { user, valid: user ? await verifyPassword(password, user.password_hash) : await verifyNothing(password) };
    });
    if (!user || !valid || !user.active) {
      this.failures.recordFailure(username, address);
      throw invalidLogin();
    }
    this.failures.recordSuccess(username);

    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.uow.db.deleteFrom("core.sessions").where("expires_at", "<", sql<Date>`now()`).execute();
    await this.uow.db
      .insertInto("core.sessions")
      .values({ token_hash: hashToken(token), user_id: user.id, expires_at: expiresAt })
      .execute();
    return { token, expiresAt: expiresAt.toISOString(), userId: user.id };
  }

  /** The actor behind a token, or `undefined` for an unknown, expired or deactivated one. */
  async authenticate(token: string): Promise<Actor | undefined> {
    const row = await this.uow.db
      .selectFrom("core.sessions as s")
      .innerJoin("core.users as u", "u.id", "s.user_id")
      .select(["u.id", "u.username", "u.roles"])
      .select(sql<string[]>`array(select facility_id::text from core.user_facilities f where f.user_id = u.id)`.as("facility_ids"))
      .where("s.token_hash", "=", hashToken(token))
      .where("s.expires_at", ">", sql<Date>`now()`)
      .where("u.active", "=", true)
      .executeTakeFirst();
    if (!row) return undefined;
    return { kind: "user", userId: row.id, username: row.username, roles: row.roles as Role[], facilityIds: row.facility_ids };
  }

  /** How busy password checking is, and how often it refused: for metrics and tests. */
  hashingCounts(): HashLineCounts {
    return this.hashLine.counts();
  }

  async logout(token: string): Promise<void> {
    await this.uow.db.deleteFrom("core.sessions").where("token_hash", "=", hashToken(token)).execute();
  }
}
