import type { Logger } from "pino";

/**
 * How the dispatcher rides out a database it cannot reach (a server restart, a lost connection):
 * it logs once when the failures start and once when they end, and waits longer between tries
 * meanwhile, so an outage neither floods the log nor the server.
 */
export class OutageBackoff {
  private failures = 0;
  private firstFailure = 0;

  constructor(
    private readonly logger: Logger,
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  get failing(): boolean {
    return this.failures > 0;
  }

  /** The wait before the next try. */
  get delayMs(): number {
    return Math.min(this.baseMs * 2 ** Math.max(this.failures - 1, 0), this.maxMs);
  }

  failed(error: unknown): void {
    this.failures += 1;
    if (this.failures > 1) return;
    this.firstFailure = Date.now();
    this.logger.error(
      { err: error },
      `durable delivery cannot use the outbox; retrying, at most every ${this.maxMs / 1000} s, until it can`,
    );
  }

  succeeded(): void {
    if (this.failures === 0) return;
    this.logger.info(
      { failures: this.failures, outageMs: Date.now() - this.firstFailure },
      "durable delivery uses the outbox again; resuming",
    );
    this.failures = 0;
  }
}
