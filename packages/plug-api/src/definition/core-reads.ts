/**
 * The core columns a plug may declare it reads (`care.plug.coreReads` in its package.json), by
 * table. What is not here no plug can read: credentials (users.password_hash), sessions, the system
 * schema (registry, outbox) and other plugs' schemas. A core table added later stays out of plugs'
 * reach until it is added here.
 */
export const grantableCoreColumns: Readonly<Record<string, readonly string[]>> = {
  facilities: ["id", "name", "kind", "address", "phone", "created_at", "updated_at"],
  patients: ["id", "facility_id", "name", "birth_date", "sex", "phone", "address", "created_at", "updated_at"],
  patient_identifiers: ["patient_id", "system", "value"],
  encounters: [
    "id",
    "patient_id",
    "facility_id",
    "kind",
    "status",
    "started_at",
    "ended_at",
    "attending_user_id",
    "notes",
    "created_at",
    "updated_at",
  ],
  user_facilities: ["user_id", "facility_id"],
  users: ["id", "username", "display_name", "roles", "active", "created_at", "updated_at"],
};

/** What one plug declared it reads of the core: columns by core table. Nothing by default. */
export type CoreReads = Readonly<Record<string, readonly string[]>>;

/**
 * The problems of a `coreReads` declaration, each saying what to write instead: a table outside the
 * list, a column that may not be granted (a credential, say), or an empty list of columns.
 */
export function coreReadsProblems(reads: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [table, columns] of Object.entries(reads)) {
    const grantable = grantableCoreColumns[table];
    if (!grantable) {
      problems.push(`core table "${table}" is not one a plug may read; it may read ${Object.keys(grantableCoreColumns).join(", ")}`);
      continue;
    }
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((column) => typeof column === "string")) {
      problems.push(`"${table}" lists the columns the plug reads, e.g. ["id"]; it may read ${grantable.join(", ")}`);
      continue;
    }
    const refused = columns.filter((column) => !grantable.includes(column));
    if (refused.length > 0) {
      problems.push(
        `core.${table} has no column ${refused.map((column) => `"${column}"`).join(", ")} that a plug may read; ` +
          `it may read ${grantable.join(", ")}`,
      );
    }
    const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
    if (repeated.length > 0) problems.push(`"${table}" lists ${[...new Set(repeated)].join(", ")} more than once`);
  }
  return problems;
}
