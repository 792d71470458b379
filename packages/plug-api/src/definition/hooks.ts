import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { PlugContext } from "../context/plug-context.js";
import type { ConfigOf, PlugShape } from "./plug-shape.js";

/**
 * A TypeScript upgrade step, run after the SQL file of the same step (if any), in its transaction, as
 * the plug's role: each statement it sends is held to the migration policy, as the SQL file is. Its
 * `db` is untyped: it runs against the tables of an older version.
 */
export type UpgradeStep<S = PlugShape> = (
  db: Kysely<any>,
  context: { id: string; config: Readonly<S extends PlugShape ? ConfigOf<S> : unknown>; logger: Logger },
) => Promise<void>;

/** At build time, in the CLI: no database and no core, so no actor either. */
export interface InstallHookContext {
  /** The installed package's folder. */
  packageDir: string;
  logger: Logger;
}

export interface PlugHooks<S extends PlugShape = PlugShape> {
  /** At build time, after the package is installed (downloads, generated files). */
  install?(context: InstallHookContext): Promise<void> | void;
  /**
   * Before the deployment serves. No caller asked for it, so it acts for nobody: `context.actor` is null
   * and the core refuses its calls as unauthorized; `asPlug()` acts as the plug itself, explicitly.
   */
  start?(context: PlugContext<S, null>): Promise<void> | void;
  /** At shutdown, in reverse start order; acts for nobody, as `start` does. */
  stop?(context: PlugContext<S, null>): Promise<void> | void;
}

/** What a plug's `health()` answers; nothing (undefined) means healthy. */
export type PlugHealthAnswer = { ok: boolean; reason?: string } | undefined | void;
