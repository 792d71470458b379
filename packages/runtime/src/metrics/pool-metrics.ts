import type { CareDatabase } from "@care/core";
import { Gauge, type Registry } from "prom-client";

/** What a pg pool counts (node-postgres's `Pool`). */
export interface PoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The app's database connections. On a PostgreSQL server: the pool's open, idle and in-use
 * connections, the queries waiting for one (above 0 for long, the pool is too small or a query is
 * slow) and its size. PGlite is one session inside this process, no pool: it reports one open
 * connection of at most one; whether a query waits for it shows in request latency instead.
 * The plugs' own server logins have pools of their own and are not counted here.
 */
export function meterPool(registry: Registry, database: CareDatabase): void {
  const pool = poolOf(database);
  const connections: Gauge<"state"> = new Gauge({
    name: "care_db_pool_connections",
    help: "The app's database connections by state: open, idle, in_use (PGlite: one open session)",
    labelNames: ["state"],
    registers: [registry],
    collect: () => {
      if (database.engine === "pglite") return void connections.set({ state: "open" }, 1);
      if (!pool) return;
      connections.set({ state: "open" }, pool.totalCount);
      connections.set({ state: "idle" }, pool.idleCount);
      connections.set({ state: "in_use" }, pool.totalCount - pool.idleCount);
    },
  });
  const max = database.engine === "pglite" ? 1 : pool?.options?.max;
  if (max !== undefined) {
    new Gauge({
      name: "care_db_pool_max_connections",
      help: "The most connections the app's pool opens (PGlite: 1)",
      registers: [registry],
    }).set(max);
  }
  if (pool) {
    const waiting: Gauge = new Gauge({
      name: "care_db_pool_waiting",
      help: "Queries waiting for a connection of the app's pool",
      registers: [registry],
      collect: () => waiting.set(pool.waitingCount),
    });
  }
}

/** The server pool, when the database hands it out (`pool` beside `db`); PGlite has none. */
function poolOf(database: CareDatabase): PoolCounters | undefined {
  return database.pool;
}
