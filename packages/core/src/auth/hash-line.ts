import pLimit, { type LimitFunction } from "p-limit";
import { CareRefusal } from "../refusal.js";
import { addressGroupOf } from "./address-group.js";
import type { LoginProtection } from "./login-protection-options.js";

export interface HashLineCounts {
  /** Password checks running now. */
  running: number;
  /** Logins waiting for a check. */
  waiting: number;
  /** The most checks that ran at once since start. */
  mostRunning: number;
  /** The most logins that waited at once since start. */
  mostWaiting: number;
  /** Logins refused with `login_busy` since start. */
  refused: number;
}

/**
 * Login password checks on a bounded line: a few scrypt runs at once, a short waiting line, and
 * at most a few places per address (an IPv6 /64 network counts as one, see `addressGroupOf`) and
 * per username. A login that finds no place is refused at once with `login_busy`, so a flood of
 * wrong logins costs its senders refusals, not everyone a wait behind it.
 */
export class HashLine {
  private readonly limit: LimitFunction;
  private readonly held = new Map<string, number>();
  private running = 0;
  private mostRunning = 0;
  private mostWaiting = 0;
  private refused = 0;

  constructor(private readonly settings: LoginProtection) {
    this.limit = pLimit(settings.concurrentHashes);
  }

  async check<T>(username: string, address: string | undefined, work: () => Promise<T>): Promise<T> {
    const keys = [
      { key: `user:${username.toLowerCase()}`, most: this.settings.hashesPerUsername },
      ...(address === undefined ? [] : [{ key: `address:${addressGroupOf(address)}`, most: this.settings.hashesPerAddress }]),
    ];
    const lineFull = this.limit.activeCount + this.limit.pendingCount >= this.settings.concurrentHashes + this.settings.waitingHashes;
    if (lineFull || keys.some(({ key, most }) => (this.held.get(key) ?? 0) >= most)) {
      this.refused += 1;
      throw new CareRefusal(
        503,
        "login_busy",
        lineFull
          ? "too many logins are being checked right now; try again in a moment"
          : "other logins for this username or from this address are still being checked; wait for them, then try again",
        [],
        1,
      );
    }
    for (const { key } of keys) this.held.set(key, (this.held.get(key) ?? 0) + 1);
    try {
      const checked = this.limit(async () => {
        this.running += 1;
        this.mostRunning = Math.max(this.mostRunning, this.running);
        try {
          return await work();
        } finally {
          this.running -= 1;
        }
      });
      this.mostWaiting = Math.max(this.mostWaiting, this.limit.pendingCount);
      return await checked;
    } finally {
      for (const { key } of keys) {
        const left = this.held.get(key)! - 1;
        if (left === 0) this.held.delete(key);
        else this.held.set(key, left);
      }
    }
  }

  counts(): HashLineCounts {
    return {
      running: this.running,
      waiting: this.limit.pendingCount,
      mostRunning: this.mostRunning,
      mostWaiting: this.mostWaiting,
      refused: this.refused,
    };
  }
}
