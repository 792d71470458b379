import type { PlugBlock } from "../plug-block.js";
import type { AnyPlugDefinition } from "./definition.js";

/**
 * Nothing runs that was not declared: every hook the definition has must be listed in its
 * package.json's `care.plug.hooks`, which is what a person reviewed before adding the plug.
 */
export function undeclaredHookProblems(id: string, packageName: string, definition: AnyPlugDefinition, block: PlugBlock): string[] {
  const defined = Object.entries(definition.hooks ?? {})
    .filter(([, hook]) => typeof hook === "function")
    .map(([name]) => name);
  const undeclared = defined.filter((name) => !(block.hooks as string[]).includes(name));
  if (!undeclared.length) return [];
  return [
    `plug ${id} (${packageName}) has hook(s) ${undeclared.join(", ")} that its package.json does not declare; ` +
      `its publisher must list them in care.plug.hooks (${JSON.stringify([...new Set([...block.hooks, ...undeclared])])}) ` +
      "so that they are shown before it is added",
  ];
}
