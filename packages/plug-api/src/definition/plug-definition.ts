import type { z } from "zod";
import type { PlugContext } from "../context/plug-context.js";
import type { PlugRoute } from "../routes/plug-route.js";
import type { CoreSignalHandlers, SignalSubscription } from "../signals/signal-subscription.js";
import type { PlugHealthAnswer, PlugHooks, UpgradeStep } from "./hooks.js";
import type { PlugPackageJson } from "./package-json.js";
import type { PlugShape } from "./plug-shape.js";

/** `R` is the union of the plug's routes as declared, so that its screens can call them typed. */
export interface PlugDefinitionInput<S extends PlugShape = PlugShape, R extends PlugRoute<S> = PlugRoute<S>> {
  /** The plug's package.json (import it with `with { type: "json" }`): id, version, core and contract ranges. */
  package: PlugPackageJson;
  /** Settings with defaults; mark secrets with `secret(...)`. */
  config?: S["config"];
  /** The folder with `install.sql` and `upgrade/<from>_<to>.sql`, e.g. `new URL("../migrations/", import.meta.url)`. */
  migrations?: URL | string;
  /** TypeScript upgrade steps by name (`<from>_<to>`), for data changes SQL cannot express. */
  upgrades?: Record<string, UpgradeStep<S>>;
  /** The plug's own signals, by short name; others subscribe to `<id>.<name>`. */
  emits?: S["emits"];
  /** Handlers for the core's signals. */
  on?: CoreSignalHandlers<S>;
  /** Handlers for signals of plugs this one depends on, by full name (`lab.result_recorded`). */
  onPlugSignals?: Record<string, SignalSubscription<unknown, S>>;
  routes?: R[];
  hooks?: PlugHooks<S>;
  /**
   * Whether the plug can do its work now (its SMS provider answers, say): `/health/ready` reports the
   * result with its reason. Return `{ ok: false, reason }` or throw when it cannot; it must answer
   * within 1.5 s. A failing plug degrades readiness, and fails it only when the deployment's
   * plug.config.ts marks the plug `required`. It acts for nobody (`context.actor` is null): a probe
   * reads the plug's own tables or its provider, and `asPlug()` when it must read the core.
   */
  health?(context: PlugContext<S, null>): Promise<PlugHealthAnswer> | PlugHealthAnswer;
}

/** A declared plug: the default export of its package, which a deployment's manifest imports. */
export interface PlugDefinition<S extends PlugShape = PlugShape, R extends PlugRoute<S> = PlugRoute<S>> extends PlugDefinitionInput<S, R> {
  readonly kind: "care-plug";
}

export type AnyPlugDefinition = PlugDefinition<PlugShape>;

/**
 * The config a deployment writes for a plug (`configs` in plug.config.ts): the input of its schema,
 * so defaults may be left out. `PlugConfigInput<typeof import("@care-plugs/lab").default>`.
 */
export type PlugConfigInput<D> = D extends { config?: infer Config } ? (Config extends z.ZodType ? z.input<Config> : {}) : {};
