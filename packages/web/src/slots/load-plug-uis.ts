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

/** A plug's UI entry that has not arrived by then is left out like one that failed, so the others are not held up. */
const loadTimeoutMs = 30_000;

function withinTime<T>(loading: Promise<T>, plugId: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the ${plugId} plug's screens did not load within ${loadTimeoutMs / 1000} s`)),
      loadTimeoutMs,
    );
  });
  return Promise.race([loading, late]).finally(() => clearTimeout(timer));
}

/**
 * Every plug's UI entry, loaded side by side: a plug whose module throws, or whose default export is malformed, is
 * left out and reported, and the others are kept, so one plug cannot stop the app from starting.
 */
export async function loadPlugUis(loaders: readonly PlugUiLoader[]): Promise<LoadedPlugUis> {
  // async: a loader that throws before returning its promise is settled as rejected like the others.
  const settled = await Promise.allSettled(loaders.map(async (loader) => withinTime(loader.load(), loader.plugId)));
  const loaded: LoadedPlugUis = { plugUis: [], failures: [] };
  settled.forEach((outcome, index) => {
    const { plugId } = loaders[index] as PlugUiLoader;
    if (outcome.status === "rejected") {
      console.error(`the ${plugId} plug's screens could not be loaded`, outcome.reason);
      loaded.failures.push({ plugId, reason: "load" });
      return;
    }
    let checked: ReturnType<typeof plugUiSchema.safeParse>;
    try {
      checked = plugUiSchema.safeParse(outcome.value.default);
    } catch (error) {
      // safeParse reports what it can describe; a getter or Proxy trap that throws while it reads comes out as a throw.
      console.error(`the ${plugId} plug's screens threw while their declaration was checked`, error);
      loaded.failures.push({ plugId, reason: "invalid", detail: String(error).slice(0, 200) });
      return;
    }
    if (!checked.success) {
      console.error(`the ${plugId} plug's screens are declared wrongly: ${describeIssues(checked.error)}`);
      loaded.failures.push({ plugId, reason: "invalid", detail: describeIssues(checked.error) });
      return;
    }
    // What was checked, not the plug's object again: a getter could answer differently the second time.
    loaded.plugUis.push({ plugId, ui: checked.data as PlugUi });
  });
  return loaded;
}
