/**
 * One run of claiming: the dispatcher's loop is one that never ends, each `deliverDue()` call is
 * another. It remembers which subscribers may have more rows due than they could take (their
 * last claim filled every free slot), so finished deliveries are followed by a claim for those
 * only, and a subscriber whose rows ran out waits for a nudge or the next poll.
 */
export class ClaimPass {
  /** Deliveries this pass started that have not finished. */
  running = 0;
  /** Deliveries this pass started that finished with an outcome to record. */
  settled = 0;
  private readonly more = new Set<string>();
  private everyone = true;

  /** `asOf`: the database's time; rows that become due after it are left for a later pass. */
  constructor(readonly asOf?: string) {}

  /** The next claim asks for every subscriber with a free slot (a nudge, a poll). */
  lookAtEveryone(): void {
    this.everyone = true;
  }

  wants(subscriber: string): boolean {
    return this.everyone || this.more.has(subscriber);
  }

  /** Subscribers whose last claim filled every free slot, so rows may be waiting. */
  backlogged(): string[] {
    return [...this.more];
  }

  wantsAny(): boolean {
    return this.everyone || this.more.size > 0;
  }

  /** After a claim: `asked` rows per subscriber asked for, `got` per subscriber claimed; `full` had no free slot. */
  claimed(asked: ReadonlyMap<string, number>, got: ReadonlyMap<string, number>, full: readonly string[]): void {
    for (const [subscriber, rows] of asked) {
      if ((got.get(subscriber) ?? 0) >= rows) this.more.add(subscriber);
      else this.more.delete(subscriber);
    }
    if (this.everyone) for (const subscriber of full) this.more.add(subscriber);
    this.everyone = false;
  }

  /** Nothing more to claim for this pass (it is stopping). */
  stop(): void {
    this.more.clear();
    this.everyone = false;
  }
}
