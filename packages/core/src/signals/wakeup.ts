/**
 * Wakes a waiting loop. A waiter takes a `mark()` before its work and then waits from it, so a
 * ring during the work (a delivery finishing, a nudge) ends the wait at once instead of being lost.
 */
export class Wakeup {
  private rung = 0;
  private readonly waiters = new Set<() => void>();

  mark(): number {
    return this.rung;
  }

  ring(): void {
    this.rung += 1;
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }

  /** Resolves true at the first ring after `mark`, false after `ms` without one. */
  wait(mark: number, ms: number): Promise<boolean> {
    if (this.rung !== mark) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (rung: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(rung);
      };
      const waiter = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(ms, 0));
      this.waiters.add(waiter);
    });
  }
}
