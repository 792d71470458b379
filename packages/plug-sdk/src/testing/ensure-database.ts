import { openScratchDatabase as openCoreScratchDatabase, type CareDatabase } from "@care/core";
import pg from "pg";

/** The test kit's refusal when the database DATABASE_URL names is missing and cannot be created here. */
export class TestDatabaseMissingError extends Error {
  readonly code = "test_database_missing";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TestDatabaseMissingError";
  }
}

/** PostgreSQL's "database does not exist" and "permission denied" (createdb right missing). */
const invalidCatalogName = "3D000";
const insufficientPrivilege = "42501";
const duplicateDatabase = "42P04";

/**
 * Makes sure the database `url` names exists: the test kit creates its scratch databases through it.
 * When it is missing, creates it through the server's `postgres` maintenance database; when that is
 * not allowed, says which `createdb` command makes it. Other connection failures pass through as they are.
 */
export async function ensureTestDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1)) || target.username || "postgres";
  try {
    await query(url, "select 1");
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== invalidCatalogName) throw error;
  }
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  try {
    await query(maintenance.toString(), `create database ${pg.escapeIdentifier(name)}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === duplicateDatabase) return; // another test file created it at the same moment
    const user = target.username || "(default)";
    const why = code === insufficientPrivilege ? `the user ${user} may not create databases` : (error as Error).message;
    throw new TestDatabaseMissingError(
      `DATABASE_URL names the database "${name}" on ${target.host}, which does not exist, and the test kit could not create it (${why}). ` +
        `Create it once with: ${createdbCommand(target, name)}  (or unset DATABASE_URL to test on an in-memory PGlite)`,
      { cause: error },
    );
  }
}

/** The shell command that creates the database, with the server's host, port and user. */
function createdbCommand(target: URL, name: string): string {
  const words = ["createdb"];
  if (target.hostname) words.push("-h", target.hostname);
  if (target.port) words.push("-p", target.port);
  if (target.username) words.push("-U", decodeURIComponent(target.username));
  words.push(name);
  return words.map(shellWord).join(" ");
}

const shellWord = (word: string) => (/^[A-Za-z0-9_./:@=-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The core's scratch database (PGlite, or a new database on DATABASE_URL's server), its named database made first. */
export async function openScratchDatabase(url = process.env.DATABASE_URL): Promise<CareDatabase> {
  if (url) await ensureTestDatabase(url);
  return openCoreScratchDatabase(url);
}
