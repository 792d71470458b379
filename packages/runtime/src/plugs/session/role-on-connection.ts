import { CompiledQuery, type Kysely, type QueryResult } from "kysely";
import { quoteLiteral } from "./quote-literal.js";

/**
 * The role the app's connection acts as, inside one transaction that plugs share with the core. A
 * plug's statement runs only after the connection became that plug's role; a core call from a plug
 * goes back to the app's role first, unless nothing but COMMIT follows the plug's code (`end`). The
 * queue makes "become the role, then run" one step, so no statement of a plug can slip in while the
 * core has the connection as itself.
 */
export class RoleOnConnection {
  private role: string | undefined;
  private appSearchPath: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** A plug's statement that failed here: the transaction is then aborted, and must not look done. */
  private failure: { plugRole: string; error: unknown } | undefined;
  /** The write's last plug code ended (see `end`): the connection may still act as a plug's role. */
  private ended = false;

  constructor(private readonly tx: Kysely<any>) {}

  /** Runs a plug's (already checked) statement as `role`, with unqualified names in `schema`. */
  runAs<R>(role: string, schema: string, query: CompiledQuery): Promise<QueryResult<R>> {
    return this.serially(async () => {
      this.assertNotEnded(`a statement of ${role}`);
      if (this.role !== role) {
        // Local to the transaction: a rollback or commit ends it whatever happens in between. Sent
        // without parameters, so that when it opens the transaction the server's driver sends BEGIN
        // in the same round trip (core: lazy-begin-driver.ts).
        const { rows } = await this.tx.executeQuery<{ path: string }>(
          CompiledQuery.raw(
            `select current_setting('search_path') as path, set_config('role', ${quoteLiteral(role)}, true), ` +
              `set_config('search_path', ${quoteLiteral(schema)}, true)`,
          ),
        );
        this.appSearchPath ??= rows[0]!.path;
        this.role = role;
      }
      return this.tx.executeQuery<R>(query).catch((error: unknown) => {
        this.failure ??= { plugRole: role, error };
        throw error;
      });
    });
  }

  /**
   * Throws when a plug's statement failed in this transaction. PostgreSQL then refuses every further
   * statement and answers COMMIT by rolling back without an error, so a plug that caught its error
   * and went on would otherwise let the core report as saved a write that was lost.
   */
  assertUsable(): void {
    if (!this.failure) return;
    const { plugRole, error } = this.failure;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`a statement of ${plugRole} failed inside the core's write, so the whole write is rolled back: ${reason}`, {
      cause: error,
    });
  }

  /** Back to the app's role and search path, before the core's own statements. */
  leave(): Promise<void> {
    return this.serially(async () => {
      this.assertUsable();
      this.assertNotEnded("a core call or signal");
      if (this.role === undefined) return;
      await this.tx.executeQuery(
        CompiledQuery.raw("select set_config('role', 'none', true), set_config('search_path', $1, true)", [this.appSearchPath!]),
      );
      this.role = undefined;
    });
  }

  /**
   * The plug code that just ended was the write's last: only its COMMIT (or ROLLBACK) follows, which
   * ends the role and search path with the transaction, so no round trip goes back to the app's role.
   * The failure check still runs (after the plug's statements still queued), and anything that comes
   * later is refused: a statement sent while COMMIT is under way could run after it, outside the
   * transaction, and so neither as the plug's role nor inside the write.
   */
  end(): Promise<void> {
    return this.serially(async () => {
      this.ended = true;
      this.assertUsable();
    });
  }

  private assertNotEnded(what: string): void {
    if (this.ended)
      throw new Error(`${what} came after the end of the core's write it ran in; await every statement inside context.transaction`);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

const onTransactions = new WeakMap<object, RoleOnConnection>();

/** The one role tracker of a transaction, whoever asks. */
export function roleOn(tx: Kysely<any>): RoleOnConnection {
  let tracker = onTransactions.get(tx);
  if (!tracker) onTransactions.set(tx, (tracker = new RoleOnConnection(tx)));
  return tracker;
}
