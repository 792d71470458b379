import { createServerPool } from "@care/core";
import { Kysely, PostgresDialect } from "kysely";

/**
 * A small pool on the deployment's server logged in as the plug's role, which is no member of the
 * app's role: SQL sent on it (dynamic, injected, `set role`) has the plug's rights and no way back to
 * the app's. Idle connections close, so a plug that is rarely used holds none.
 */
export function plugLoginPool(url: string, login: { user: string; password: string }, schema: string, size: number): Kysely<any> {
  const target = new URL(url);
  target.username = encodeURIComponent(login.user);
  target.password = encodeURIComponent(login.password);
  // The URL's options would replace ours; a plug's session needs none of the app's.
  target.searchParams.delete("options");
  const pool = createServerPool({
    connectionString: target.toString(),
    options: `-c search_path=${schema}`,
    max: size,
    idleTimeoutMillis: 10_000,
  });
  return new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
}
