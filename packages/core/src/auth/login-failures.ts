import type { Logger } from "pino";
import { CareRefusal, spokenSeconds } from "../refusal.js";
import { addressGroupOf } from "./address-group.js";
import type { LoginProtection } from "./login-protection-options.js";

interface FailureRecord {
  failures: number;
  lastFailureAt: number;
  lockedUntil?: number;
}

/**
 * Failed logins per username and per address, in this process's memory: growing delays after a
 * few failures, then a lock of the username. Unknown usernames are tracked and locked exactly
 * like real ones, so the answers never tell which usernames exist. Addresses are counted by
 * network for IPv6 (`addressGroupOf`), as the rate limit counts them.
 *
 * At most `rememberedRecords` counts are kept, the oldest dropped first, so a flood of made-up
 * names cannot fill memory; locked usernames are kept apart, so that flood cannot lift a lock.
 */
export class LoginFailures {
  /** Failure counts of usernames and addresses not locked now, in order of last failure: the first is the first dropped. */
  private readonly records = new Map<string, FailureRecord>();
  /**
   * Locked usernames, in order of locking: every lock lasts as long, so the first ends first and is the
   * one dropped if they ever fill up.
   */
  private readonly locks = new Map<string, FailureRecord>();

  constructor(
    private readonly settings: LoginProtection,
    private readonly logger: Logger,
  ) {}

  /** Refuses, before any password is checked, a login that comes too soon or for a locked username. */
  assertMayTry(username: string, address: string | undefined): void {
    const now = this.settings.now();
    const user = this.current(userKey(username), now);
    if (user?.lockedUntil !== undefined && now < user.lockedUntil) {
      const seconds = secondsUntil(user.lockedUntil, now);
      throw new CareRefusal(
        429,
        "login_locked",
        `too many failed logins for this username: it is locked for ${spokenSeconds(seconds)}; ` +
          `try again after ${new Date(user.lockedUntil).toISOString()}, or ask an administrator to check the audit log`,
        [{ path: "username", message: `locked until ${new Date(user.lockedUntil).toISOString()}` }],
        seconds,
      );
    }
    const waits = [
      { record: user, free: this.settings.freeFailuresPerUsername, who: "this username" },
      {
        record: address === undefined ? undefined : this.current(addressKey(address), now),
        free: this.settings.freeFailuresPerAddress,
        who: "this address",
      },
    ].map(({ record, free, who }) => ({ who, until: record ? record.lastFailureAt + this.delayAfter(record.failures, free) : 0 }));
    const longest = waits.reduce((a, b) => (b.until > a.until ? b : a));
    if (now < longest.until) {
      const seconds = secondsUntil(longest.until, now);
      throw new CareRefusal(
        429,
        "login_delayed",
        `too many failed logins for ${longest.who}: wait ${spokenSeconds(seconds)} before trying again ` +
          "(each further failure doubles the wait)",
        [],
        seconds,
      );
    }
  }

  recordFailure(username: string, address: string | undefined): void {
    const now = this.settings.now();
    if (address !== undefined) this.bump(addressKey(address), now);
    const key = userKey(username);
    const user = this.bump(key, now);
    const where = address ?? "in-process";
    const audit = { event: "login_failed", username, address: where, failures: user.failures };
    if (user.failures < this.settings.lockAfterFailures) {
      this.logger.info(audit, `failed login for username "${username}" from ${where} (${user.failures} in a row)`);
      return;
    }
    user.lockedUntil = now + this.settings.lockMs;
    this.records.delete(key);
    this.locks.delete(key);
    this.remember(this.locks, key, user);
    const until = new Date(user.lockedUntil).toISOString();
    this.logger.warn(
      { ...audit, event: "login_locked", lockedUntil: until },
      `login locked for username "${username}" until ${until} after ${user.failures} failed logins in a row, the last from ${where}`,
    );
  }

  /** A correct password clears the username's failures; the address's stay, so one known account cannot reset an attacker's count. */
  recordSuccess(username: string): void {
    this.records.delete(userKey(username));
    this.locks.delete(userKey(username));
  }

  private delayAfter(failures: number, free: number): number {
    if (failures < free) return 0;
    return Math.min(this.settings.firstDelayMs * 2 ** Math.min(failures - free, 30), this.settings.maxDelayMs);
  }

  /** The record for `key`, unless it has been quiet long enough to forget. */
  private current(key: string, now: number): FailureRecord | undefined {
    const lock = this.locks.get(key);
    if (lock) {
      if (now < lock.lockedUntil!) return lock;
      // The lock is over: back among the counts, its failures kept, so the next failure locks again.
      this.locks.delete(key);
      this.remember(this.records, key, lock);
    }
    const record = this.records.get(key);
    if (!record) return undefined;
    const locked = record.lockedUntil !== undefined && now < record.lockedUntil;
    if (!locked && now - record.lastFailureAt > this.settings.forgetAfterMs) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }

  private bump(key: string, now: number): FailureRecord {
    const record = this.current(key, now) ?? { failures: 0, lastFailureAt: now };
    record.failures += 1;
    record.lastFailureAt = now;
    if (this.locks.has(key)) return record;
    // Re-inserting keeps the map in order of last failure, so the oldest is first to drop.
    this.records.delete(key);
    this.remember(this.records, key, record);
    return record;
  }

  private remember(records: Map<string, FailureRecord>, key: string, record: FailureRecord): void {
    records.set(key, record);
    if (records.size > this.settings.rememberedRecords) records.delete(records.keys().next().value!);
  }
}

const userKey = (username: string) => `user:${username.toLowerCase()}`;
const addressKey = (address: string) => `address:${addressGroupOf(address)}`;
const secondsUntil = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 1000));
