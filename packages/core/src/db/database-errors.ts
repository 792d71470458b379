import { CareError, conflict } from "../errors.js";

/** Unique constraints a user can run into, and what to tell them. */
const uniqueViolations: Record<string, { path: string; message: string }> = {
  users_username_key: { path: "username", message: "another user already has this username" },
  patient_identifiers_system_value_key: {
    path: "identifiers",
    message: "this identifier already belongs to another patient",
  },
};

/** Turns a constraint the database enforced into the caller's mistake; anything else passes through. */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof CareError || typeof error !== "object" || error === null) return error;
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === "23505") {
    const known = constraint ? uniqueViolations[constraint] : undefined;
    return conflict(known?.message ?? "a record with these values already exists", known ? [known] : []);
  }
  return error;
}
