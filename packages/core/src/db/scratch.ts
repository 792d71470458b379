import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type CareDatabase } from "./open.js";

/** An empty database of its own on a PostgreSQL server, and how to drop it again. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `care_scratch_<random>` on the server `url` points at (any database of it). */
export async function createScratchDatabase(url: string): Promise<ScratchDatabase> {
  const name = `care_scratch_${randomBytes(6).toString("hex")}`;
  await adminQuery(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      await adminQuery(url, `drop database if exists ${name} with (force)`);
      // Roles are the server's: the plug roles named for this database (plug_<id>_<8 hex>) would outlive it.
      await adminQuery(
        url,
        `do $$ declare r text; begin
        for r in select rolname from pg_catalog.pg_roles where rolname ~ ('^plug_.+_' || substr(md5('${name}'), 1, 8) || '$') loop
          -- A role still in use elsewhere stays: tidying up never fails a test.
          begin execute format('drop role if exists %I', r); exception when others then null; end;
        end loop; end $$`,
      );
    },
  };
}

/**
 * A database of its own for one test or one check: PGlite in memory by default, or, when
 * `DATABASE_URL` is set, a new database on that server, dropped again on close.
 */
export async function openScratchDatabase(url = process.env.DATABASE_URL): Promise<CareDatabase> {
  if (!url) return openDatabase({});
  const scratch = await createScratchDatabase(url);
  const opened = await openDatabase({ url: scratch.url });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await scratch.drop();
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
