import type { PlugUi } from "@care/plug-api/ui";
import type { z } from "zod/mini";
import { plugUiSchema } from "./plug-ui-schema.js";
import type { PlugUiEntry } from "./slot-contributions.js";

/** One plug of the deployment's UI manifest: its UI entry, imported when the app starts (its own chunk). */
export interface PlugUiLoader {
  plugId: string;
  load: () => Promise<{ default?: unknown }>;
}

/** A plug left out of the app: its code threw while loading, or what it exports is not a PlugUi. */
export interface PlugUiFailure {
  plugId: string;
  reason: "load" | "invalid";
  /** For "invalid": where its declaration is wrong and how (`patientTabs.0.roles: expected array, received string`). */
  detail?: string;
}

export interface LoadedPlugUis {
  plugUis: PlugUiEntry[];
  failures: PlugUiFailure[];
}

// zod/mini carries no message texts ("Invalid input" for all): say what was expected from the issue itself.
const describeIssue = (issue: z.core.$ZodIssue) => {
  const what = issue.code === "invalid_type" ? `expected ${issue.expected}` : issue.message;
  return issue.path.length ? `${issue.path.join(".")}: ${what}` : what;
};

const describeIssues = (error: z.core.$ZodError) => error.issues.map(describeIssue).join("; ");

/**
 * Every plug's UI entry, loaded side by side: a plug whose module throws, or whose default export is malformed, is
 * left out and reported, and the others are kept, so one plug cannot stop the app from starting.
 */
export async function loadPlugUis(loaders: readonly PlugUiLoader[]): Promise<LoadedPlugUis> {
  // async: a loader that throws before returning its promise is settled as rejected like the others.
  const settled = await Promise.allSettled(loaders.map(async (loader) => loader.load()));
  const loaded: LoadedPlugUis = { plugUis: [], failures: [] };
  settled.forEach((outcome, index) => {
    const { plugId } = loaders[index] as PlugUiLoader;
    if (outcome.status === "rejected") {
      console.error(`the ${plugId} plug's screens could not be loaded`, outcome.reason);
      loaded.failures.push({ plugId, reason: "load" });
      return;
    }
    const checked = plugUiSchema.safeParse(outcome.value.default);
    if (!checked.success) {
      console.error(`the ${plugId} plug's screens are declared wrongly: ${describeIssues(checked.error)}`);
      loaded.failures.push({ plugId, reason: "invalid", detail: describeIssues(checked.error) });
      return;
    }
    loaded.plugUis.push({ plugId, ui: outcome.value.default as PlugUi });
  });
  return loaded;
}
