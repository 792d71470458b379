export interface DispatcherOptions {
  /** How often to look for due rows when nothing nudges the dispatcher. */
  pollIntervalMs?: number;
  /**
   * Deliveries in flight at once per subscriber (a plug) in this instance, unless one of its
   * durable subscriptions asks for fewer.
   */
  concurrency?: number;
  /** Tries before a row is marked failed. */
  maxAttempts?: number;
  /** First retry delay; each further retry doubles it, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * A claimed row whose lease runs out is taken up again (its instance is presumed dead). Leases of
   * rows in hand are renewed every third of it, so a long handler keeps its row.
   */
  leaseMs?: number;
  /** How long `drain()` waits for deliveries in flight before handing them back to the outbox. */
  drainTimeoutMs?: number;
  /** While the database fails, the wait between tries doubles from `pollIntervalMs` up to this. */
  outageBackoffMaxMs?: number;
}

export type ResolvedDispatcherOptions = Required<DispatcherOptions>;

export function resolveDispatcherOptions(options: DispatcherOptions): ResolvedDispatcherOptions {
  const resolved: ResolvedDispatcherOptions = {
    pollIntervalMs: 1000,
    // Enough to keep up with a provider that takes 100 ms an answer (about 160 a second per plug),
    // few enough not to flood one, nor the connection pool the handlers share.
    concurrency: 16,
    // About an hour and a half of retries before giving up: sites lose connectivity for that long.
    maxAttempts: 15,
    backoffMs: 1000,
    maxBackoffMs: 15 * 60_000,
    // A killed instance's rows come back within seconds; the heartbeat keeps live ones held.
    leaseMs: 15_000,
    // Well inside the 15 s a deployment gets to shut down, leaving time to close everything else.
    drainTimeoutMs: 8_000,
    outageBackoffMaxMs: 30_000,
    ...withoutUndefined(options),
  };
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) {
    throw new Error(`dispatcher concurrency must be a whole number of at least 1, not ${resolved.concurrency}`);
  }
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
