import type { PlugBlock } from "../plug-block.js";
import type { AnyPlugDefinition } from "./definition.js";

/** A manifest entry after its package.json was read and checked. */
export interface LoadedPlug {
  /** The id in this deployment: names the schema `plug_<id>`, the role and the URL prefix. */
  id: string;
  packageName: string;
  version: string;
  block: PlugBlock;
  definition: AnyPlugDefinition;
  configs: Record<string, unknown> | undefined;
  /** A failing `health()` makes the deployment not ready, not only degraded. */
  required: boolean;
  /** False when plug.config.ts switches it off: loaded and checked, but none of its code runs. */
  enabled: boolean;
}
