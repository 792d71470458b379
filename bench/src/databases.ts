import pg from "pg";

/** A database the measurements run against: PGlite in-process, or the PostgreSQL server. */
export interface BenchDatabase {
  label: "PGlite" | "PostgreSQL";
  /** For `openDatabase` / settings: undefined means PGlite. */
  url?: string;
}

/** The server the README's machine has; BENCH_DATABASE_URL or DATABASE_URL point elsewhere. */
const defaultServer = "postgres://postgres@127.0.0.1:5432/test";

/** PGlite always; PostgreSQL when a server answers. Returns why not otherwise. */
export async function benchDatabases(): Promise<{ databases: BenchDatabase[]; skipped: string[] }> {
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || defaultServer;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return { databases: [{ label: "PGlite" }, { label: "PostgreSQL", url }], skipped: [] };
  } catch (error) {
    return {
      databases: [{ label: "PGlite" }],
      skipped: [
        `PostgreSQL rows: no server answered at ${url.replace(/\/\/[^@]*@/, "//…@")} (${(error as Error).message}); set BENCH_DATABASE_URL`,
      ],
    };
  } finally {
    await client.end().catch(() => {});
  }
}
