import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** One line of the reliability table. */
export interface ScenarioRow {
  /** Sorts the table in the order. */
  order: number;
  scenario: string;
  database: string;
  trials: number;
  /** Writes the client got 201 for (patients, plug rows, deliveries owed...). */
  acknowledged: number;
  /** Acknowledged and missing afterwards (or, for deliveries, never delivered in the recovery window). */
  lost: number;
  /** Stored or delivered more than once; null where it does not apply. */
  duplicated: number | null;
  /** Whether, and how fast, it came back with nobody's help. */
  recovered: string;
  result: "pass" | "fail" | "skipped";
  notes: string[];
  /** The checks that failed, each with what was seen. */
  failures: string[];
  seconds: number;
}

export const runDir = fileURLToPath(new URL("../results/.run/", import.meta.url));

/** The named checks of a scenario: all are evaluated and reported, then the test fails if any failed. */
export class Checks {
  readonly failed: string[] = [];
  readonly passed: string[] = [];

  check(ok: boolean, what: string, seen?: unknown): boolean {
    if (ok) this.passed.push(what);
    else this.failed.push(seen === undefined ? what : `${what} (seen: ${typeof seen === "string" ? seen : JSON.stringify(seen)})`);
    return ok;
  }
}

type RowFields = Omit<ScenarioRow, "result" | "failures" | "seconds" | "notes"> & { notes?: string[] };

/**
 * Runs a scenario: `body` fills in the figures and the checks as it goes. The row is written even when
 * the scenario throws half-way (it then fails, with the error among its failures), so the table of a
 * failing run still says how far each scenario got. Throws at the end if any check failed.
 */
export async function scenario(
  fields: Pick<ScenarioRow, "order" | "scenario" | "database">,
  body: (row: RowFields, checks: Checks) => Promise<void>,
): Promise<void> {
  const row: RowFields = { ...fields, trials: 0, acknowledged: 0, lost: 0, duplicated: null, recovered: "–", notes: [] };
  const checks = new Checks();
  const began = performance.now();
  let thrown: unknown;
  try {
    await body(row, checks);
  } catch (error) {
    thrown = error;
    checks.check(false, `the scenario ran to its end`, (error as Error).message?.split("\n").slice(0, 6).join(" ⏎ ") ?? String(error));
  }
  const result: ScenarioRow = {
    ...row,
    notes: row.notes ?? [],
    result: checks.failed.length ? "fail" : "pass",
    failures: checks.failed,
    seconds: Math.round((performance.now() - began) / 100) / 10,
  };
  await record(result);
  if (thrown) throw thrown;
  if (checks.failed.length)
    throw new Error(
      `${fields.scenario} (${fields.database}): ${checks.failed.length} check(s) failed:\n  - ${checks.failed.join("\n  - ")}`,
    );
}

/** A scenario that cannot run here: a row saying why, and the test is skipped (never a silent pass). */
export async function skipped(fields: Pick<ScenarioRow, "order" | "scenario" | "database">, reason: string): Promise<void> {
  console.warn(`reliability: skipped "${fields.scenario}" on ${fields.database}: ${reason}`);
  await record({
    ...fields,
    trials: 0,
    acknowledged: 0,
    lost: 0,
    duplicated: null,
    recovered: "–",
    result: "skipped",
    notes: [reason],
    failures: [],
    seconds: 0,
  });
}

async function record(row: ScenarioRow): Promise<void> {
  await mkdir(runDir, { recursive: true });
  const slug = `${String(row.order).padStart(2, "0")}-${row.database}`.replace(/[^a-z0-9-]+/gi, "_");
  await writeFile(join(runDir, `${slug}.json`), JSON.stringify(row, null, 2));
}
