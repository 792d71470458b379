import { expect } from "vitest";
import type { Outcome } from "./deployment.js";

/** The plug's role, as the database names it: `plug_attacker`, or per database `plug_attacker_<8 hex>`. */
export const attackerRole = /^plug_attacker(_[0-9a-f]{8})?$/;

const shown = (outcome: Outcome | undefined) =>
  outcome === undefined ? "never ran" : outcome.ok ? `ran, and gave ${JSON.stringify(outcome.value)}` : "refused";

/**
 * The step was refused — by the runtime's statement check (`plug_sql_refused`) or by the database's
 * grants (SQLSTATE 42501, insufficient privilege) — and the error says which plug sent it: an
 * operator reading the log must know whom to blame. The message is checked softly, so the test goes
 * on to check that nothing changed.
 */
export function expectRefused(outcome: Outcome | undefined, plug = "attacker"): void {
  expect(shown(outcome), "the plug's SQL must be refused").toBe("refused");
  if (!outcome || outcome.ok) return;
  const refusal =
    outcome.code === "plug_sql_refused" ||
    outcome.code === "42501" ||
    /permission denied|must be (the )?owner|must be superuser/.test(outcome.message);
  expect(refusal, `refused for the wrong reason: ${outcome.code} ${outcome.message}`).toBe(true);
  expect.soft(outcome.message, "the refusal names the plug").toMatch(new RegExp(`\\bplug ${plug}\\b`));
}

/** Refused by the runtime's statement check before anything reached the database. */
export function expectCheckRefused(outcome: Outcome | undefined, reason?: RegExp, plug = "attacker"): void {
  expect(shown(outcome), "the plug's SQL must be refused").toBe("refused");
  if (!outcome || outcome.ok) return;
  expect(outcome.code, outcome.message).toBe("plug_sql_refused");
  expect(outcome.message).toMatch(new RegExp(`^plug ${plug} sent SQL that a plug may not run: `));
  if (reason) expect(outcome.message).toMatch(reason);
}

/** A core call refused with the core's own error (CareError code), e.g. "unauthorized", "not_found". */
export function expectCoreRefusal(outcome: Outcome | undefined, code: string): void {
  expect(shown(outcome), "the core call must be refused").toBe("refused");
  if (!outcome || outcome.ok) return;
  expect(outcome.code, outcome.message).toBe(code);
}

/** The step ran: a control showing the refusals above are not the plug being unable to do anything. */
export function expectRan(outcome: Outcome | undefined): unknown {
  expect(outcome?.ok ? "ran" : `${shown(outcome)}: ${outcome && !outcome.ok ? `${outcome.code} ${outcome.message}` : ""}`).toBe("ran");
  return outcome?.ok ? outcome.value : undefined;
}
