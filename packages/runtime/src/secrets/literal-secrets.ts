import type { z } from "zod";
import { isEnvReference } from "../plugs/manifest-entry.js";
import { leavesOf, pathText, visitSecrets, type ConfigPath } from "./secret-walk.js";

/**
 * A secret written into plug.config.ts is compiled into the bundle and kept in version control, so
 * a secret field's value must be `env("...")`. A function is refused too: nothing tells its
 * `() => "literal"` from one that reads a file, and what it returns is in the bundle's code. One
 * problem per value, at any depth, naming the variable to use instead.
 */
export function literalSecretProblems(id: string, schema: z.ZodType | undefined, configs: Record<string, unknown> | undefined): string[] {
  if (!schema || !configs) return [];
  const problems = new Map<string, string>();
  visitSecrets(schema, configs, "input", (path, value) => {
    for (const leaf of leavesOf(value, path)) {
      if (leaf.value === undefined || leaf.value === null || isEnvReference(leaf.value)) continue;
      const where = pathText(leaf.path);
      const given = typeof leaf.value === "function" ? " (a function is code in the bundle, not the environment)" : "";
      problems.set(
        where,
        `plug ${id}: config ${where}: is a secret, so its value must come from the environment${given}: ` +
          `write env("${suggestedEnvName(id, leaf.path)}") in plug.config.ts and set that variable where the deployment runs`,
      );
    }
  });
  return [...problems.values()];
}

/** NOTIFY_SMTP_PASSWORD for plug notify's smtp.password: upper case, words split, '_' between. */
export function suggestedEnvName(id: string, path: ConfigPath): string {
  return [id, ...path.map(String)]
    .join("_")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}
