/** Where a child's data lives: a PostgreSQL database (`url`) or a PGlite folder (`dataDir`). */
export interface StorageSpec {
  url?: string;
  dataDir?: string;
}

/** Where the core route of the routes measurement answers (`coreBaseline`): authenticated like the core's own routes. */
export const baselineVisitsPath = "/api/bench/visits";

/** What `serve.js` starts: the composed deployment or the hand-wired baseline, on one storage. */
export interface ServeSpec {
  variant: "plugged" | "hand-wired";
  /** Module URLs of a generated synthetic deployment. */
  manifestUrl: string;
  featuresUrl: string;
  storage: StorageSpec;
  adminPassword: string;
  logLevel: "silent" | "warn" | "info";
  /**
   * Plugged only: boot the deployment with one core route added, `POST /api/bench/visits`, doing
   * the first plug's `POST /visits` work as the app role (the routes measurement's baseline).
   */
  coreBaseline?: boolean;
}

/** What `deliver.js` boots: a deployment whose plugs subscribe durably, with its dispatcher idle. */
export interface DeliverSpec {
  manifestUrl: string;
  storage: StorageSpec;
  adminPassword: string;
  /** Where handlers that call a provider send their requests (`BENCH_PROVIDER_URL`). */
  providerUrl?: string;
}

export type ParentMessage =
  | { kind: "stop" }
  | { kind: "memory" }
  /** Writes `patients` patients, each emitting patient.created to every durable subscriber. */
  | { kind: "fill"; patients: number }
  /**
   * Makes every outbox row pending again, as if just written; with `only`, just the first `rows`
   * rows of that subscriber, and every other row delivered (so not due).
   */
  | { kind: "reset"; only?: { subscriber: string; rows: number } }
  /** Delivers until the outbox has nothing due. */
  | { kind: "deliver" };

export type ChildMessage =
  | { kind: "ready"; port?: number }
  | { kind: "memory"; maxRssBytes: number }
  | { kind: "filled"; rows: number }
  | { kind: "reset"; rows: number }
  | { kind: "delivered"; rows: number; ms: number }
  | { kind: "stopped" };
