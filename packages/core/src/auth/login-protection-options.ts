/** How logins are protected; every field has a default (see `docs/security/logins.md`). */
export interface LoginProtectionOptions {
  /** Failed logins for one username before its answers are delayed. Default 3. */
  freeFailuresPerUsername?: number;
  /** Failed logins from one address before its answers are delayed; higher, as a site's staff may share one address. Default 10. */
  freeFailuresPerAddress?: number;
  /** The first delay; each further failure doubles it. Default 1 s. */
  firstDelayMs?: number;
  /** The longest delay. Default 60 s. */
  maxDelayMs?: number;
  /** Failed logins for one username (known or not) that lock it. Default 10. */
  lockAfterFailures?: number;
  /** How long a lock lasts. Default 15 minutes. */
  lockMs?: number;
  /** Failures are forgotten after this long without a new one. Default 24 hours. */
  forgetAfterMs?: number;
  /** Password checks (scrypt, 32 MiB each) that run at once. Default 2. */
  concurrentHashes?: number;
  /** Logins that may wait for a check; beyond it a login is refused at once with `login_busy`. Default 8. */
  waitingHashes?: number;
  /** Logins from one address being checked or waiting at once. Default 4. */
  hashesPerAddress?: number;
  /** Logins for one username being checked or waiting at once. Default 2. */
  hashesPerUsername?: number;
  /**
   * Failure counts (usernames and addresses) kept in memory; beyond it the oldest are dropped.
   * Locked usernames are kept apart, up to as many again. Default 100,000.
   */
  rememberedRecords?: number;
  /** Where "now" comes from, so a test can move time instead of waiting. */
  now?: () => number;
}

export type LoginProtection = Required<LoginProtectionOptions>;

export function loginProtection(options: LoginProtectionOptions = {}): LoginProtection {
  const settings: LoginProtection = {
    freeFailuresPerUsername: 3,
    freeFailuresPerAddress: 10,
    firstDelayMs: 1000,
    maxDelayMs: 60_000,
    lockAfterFailures: 10,
    lockMs: 15 * 60_000,
    forgetAfterMs: 24 * 60 * 60_000,
    concurrentHashes: 2,
    waitingHashes: 8,
    hashesPerAddress: 4,
    hashesPerUsername: 2,
    rememberedRecords: 100_000,
    now: Date.now,
    ...definedOnly(options),
  };
  for (const [name, value] of Object.entries(settings)) {
    const least = name.startsWith("free") || name === "waitingHashes" ? 0 : 1;
    if (typeof value === "number" && !(Number.isInteger(value) && value >= least)) {
      throw new RangeError(`login protection: ${name} must be a whole number of at least ${least}; got ${value}`);
    }
  }
  return settings;
}

const definedOnly = <T extends object>(options: T): Partial<T> =>
  Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
