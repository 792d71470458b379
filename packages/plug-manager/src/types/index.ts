/** The text of a plug's src/tables.generated.ts, from its migrations/install.sql. */
export async function generatePlugTables(_plugDir: string): Promise<string> {
  throw new Error("generatePlugTables is not built yet");
}

/** A problem when src/tables.generated.ts is stale or missing; undefined when fresh. */
export async function checkPlugTables(_plugDir: string): Promise<string | undefined> {
  return undefined;
}
