import type { BenchDatabase } from "./databases.js";
import type { ResultRow } from "./report.js";

export interface BenchContext {
  databases: readonly BenchDatabase[];
  /** A temporary folder of this run; removed at the end. */
  tmpDir: string;
  /** The repository root (workspace with packages/, plugs/…). */
  root: string;
  /** `--quick`: fewer rounds and smaller cases, for trying the bench out. */
  quick: boolean;
  log: (line: string) => void;
  /** Something this measurement could not run, and why; printed and written to the results. */
  skip: (reason: string) => void;
}

/** One row group of the table. Each lives in its own file under measurements/. */
export interface Measurement {
  /** Short name for `pnpm bench --only <name>`. */
  name: string;
  title: string;
  run: (context: BenchContext) => Promise<ResultRow[]>;
}

/**
 * Runs `measure` on each database of the run; a database that fails is skipped with its reason,
 * and the others still run.
 */
export async function eachDatabase(
  context: BenchContext,
  measure: (database: BenchDatabase) => Promise<ResultRow[]>,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const database of context.databases) {
    try {
      rows.push(...(await measure(database)));
    } catch (error) {
      context.skip(`${database.label}: ${(error as Error).message}`);
    }
  }
  return rows;
}
