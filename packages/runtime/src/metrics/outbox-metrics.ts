import type { Core } from "@care/core";
import { sql } from "kysely";
import { Gauge, type Registry } from "prom-client";

/** A scrape waits this long for the database at most, then reports it as not answering. */
export const outboxQueryTimeoutMs = 2_000;

interface OutboxGroup {
  subscriber: string;
  status: string;
  rows: string | number;
  oldest_seconds: string | number | null;
}

/**
 * The outbox's backlog by subscriber plug and state (pending, processing, failed; delivered rows are
 * history, not backlog), and the age of the oldest row in each. Read at scrape time by one grouped
 * query with a statement timeout, so it is the database's truth across every instance. A scrape never
 * fails because the database does not answer: `care_outbox_scrape_up` says 0 and the backlog series
 * are left out for that scrape (rather than repeating stale numbers).
 */
export function meterOutbox(core: Core, registry: Registry): void {
  // prom-client collects every metric of a scrape at once: the three share one query in flight.
  let reading: Promise<OutboxGroup[] | undefined> | undefined;
  const snapshot = () =>
    (reading ??= readOutbox(core)
      .catch((error: unknown) => {
        core.logger.warn({ err: error }, "metrics: the outbox could not be read for this scrape");
        return undefined;
      })
      .finally(() => (reading = undefined)));
  const labelNames = ["plug", "state"] as const;
  const fill = (gauge: Gauge<"plug" | "state">, value: (group: OutboxGroup) => number) => async () => {
    const groups = await snapshot();
    gauge.reset();
    for (const group of groups ?? []) gauge.set({ plug: group.subscriber, state: group.status }, value(group));
  };
  const rows: Gauge<"plug" | "state"> = new Gauge({
    name: "care_outbox_rows",
    help: "Durable deliveries waiting in the outbox, by subscriber plug and state (pending, processing, failed)",
    labelNames,
    registers: [registry],
    collect: () => fill(rows, (group) => Number(group.rows))(),
  });
  const oldest: Gauge<"plug" | "state"> = new Gauge({
    name: "care_outbox_oldest_age_seconds",
    help: "Age of the oldest outbox row (since its signal was emitted), by subscriber plug and state",
    labelNames,
    registers: [registry],
    collect: () => fill(oldest, (group) => Math.max(Number(group.oldest_seconds ?? 0), 0))(),
  });
  const up: Gauge = new Gauge({
    name: "care_outbox_scrape_up",
    help: "1 when this scrape could read the outbox from the database, 0 when the database did not answer in time",
    registers: [registry],
    collect: async () => up.set((await snapshot()) ? 1 : 0),
  });
}

async function readOutbox(core: Core): Promise<OutboxGroup[]> {
  const { db } = core.database;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    // Also bounds the wait for a connection (a pool that cannot reach the server, PGlite busy with a long write).
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${outboxQueryTimeoutMs} ms`)), outboxQueryTimeoutMs);
  });
  const query = db.transaction().execute(async (tx) => {
    await sql`set local statement_timeout = ${sql.lit(outboxQueryTimeoutMs)}`.execute(tx);
    const result = await sql<OutboxGroup>`
      select subscriber, status, count(*) as rows,
             extract(epoch from pg_catalog.now() - min(created_at)) as oldest_seconds
        from care_system.outbox
       where status <> 'delivered'
       group by subscriber, status`.execute(tx);
    return result.rows;
  });
  try {
    return await Promise.race([query, late]);
  } finally {
    clearTimeout(timer);
    // A query that lost the race ends by itself (statement timeout); its failure is not news.
    query.catch(() => {});
  }
}
