import type { Logger } from "pino";
import type { OutboxRow } from "./outbox-row.js";
import type { OutboxStore } from "./outbox-store.js";

/**
 * Renews the leases of every row this instance holds, in one statement, every `intervalMs` while
 * it holds any. Leases can then be short: a killed instance's rows are due again within seconds,
 * while a live one keeps its rows however long their handlers take. A row whose lease ran out
 * anyway (the process was paused longer than the lease) and that another instance took over is
 * reported lost.
 */
export class LeaseHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly intervalMs: number,
    private readonly held: () => OutboxRow[],
    private readonly lost: (rows: OutboxRow[]) => void,
    private readonly logger: Logger,
  ) {}

  /** Beats from now on if it does not already; it stops by itself once nothing is held. */
  ensure(): void {
    if (!this.timer) this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.beat(), this.intervalMs);
    // The deliveries themselves keep the process alive; a heartbeat alone must not.
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    const rows = this.held();
    if (rows.length === 0) {
      this.timer = undefined;
      return;
    }
    try {
      const renewed = await this.store.renew(rows);
      const gone = rows.filter((row) => !renewed.has(row.id));
      if (gone.length > 0) this.lost(gone);
      if (this.failing) this.logger.info("durable delivery renews its leases again");
      this.failing = false;
    } catch (error) {
      // The rows stay ours until their leases run out; the dispatcher's loop reports the outage.
      if (!this.failing) this.logger.warn({ err: error }, "durable delivery could not renew its leases; trying again");
      this.failing = true;
    }
    if (this.timer) this.schedule();
  }
}
