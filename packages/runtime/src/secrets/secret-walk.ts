import type { z } from "zod";
import { isEnvReference } from "../plugs/manifest-entry.js";
import { isMarkedSecret } from "../plugs/secret.js";

/** Where a value sits in a config: keys and array indexes from the top. */
export type ConfigPath = ReadonlyArray<string | number>;

/** The parts of a zod 4 definition the walk reads; each schema kind has some of them. */
interface WalkedDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { def: WalkedDef }).def;
const isRecordLike = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Calls `visit` for each place in `value` that `schema` marks secret, at any depth. "input" walks a
 * value as plug.config.ts gives it (a pipe read on its `in` side; env() references and functions are
 * not looked into); "output" walks a parsed config. A union's every option is asked (a place any
 * option marks is secret), and a transform over a secret makes its whole result secret: when in
 * doubt, a place counts as secret.
 */
export function visitSecrets(
  schema: z.ZodType,
  value: unknown,
  side: "input" | "output",
  visit: (path: ConfigPath, value: unknown) => void,
): void {
  walk(schema, value, []);

  function walk(schema: z.ZodType, value: unknown, path: ConfigPath): void {
    if (value === undefined) return;
    if (isMarkedSecret(schema)) {
      visit(path, value);
      return;
    }
    if (side === "input" && isEnvReference(value)) return;
    // A function gives the whole value at start: it counts as a value at every secret place below it.
    if (side === "input" && typeof value === "function") {
      if (containsSecret(schema)) visit(path, value);
      return;
    }
    const def = defOf(schema);
    switch (def.type) {
      case "object":
        if (!isRecordLike(value)) return;
        for (const [key, field] of Object.entries(value)) {
          const fieldSchema = def.shape?.[key] ?? def.catchall;
          if (fieldSchema) walk(fieldSchema, field, [...path, key]);
        }
        return;
      case "record":
        if (isRecordLike(value)) for (const [key, field] of Object.entries(value)) walk(def.valueType!, field, [...path, key]);
        return;
      case "map":
        if (value instanceof Map) for (const [key, field] of value) walk(def.valueType!, field, [...path, String(key)]);
        return;
      case "array":
        if (Array.isArray(value)) for (const [index, item] of value.entries()) walk(def.element!, item, [...path, index]);
        return;
      case "tuple":
        if (!Array.isArray(value)) return;
        value.forEach((item, index) => {
          const itemSchema = def.items?.[index] ?? def.rest;
          if (itemSchema) walk(itemSchema, item, [...path, index]);
        });
        return;
      case "union":
        for (const option of def.options ?? []) walk(option, value, path);
        return;
      case "intersection":
        walk(def.left!, value, path);
        walk(def.right!, value, path);
        return;
      case "lazy":
        walk(def.getter!(), value, path);
        return;
      case "pipe":
        if (side === "input") {
          walk(def.in!, value, path);
          return;
        }
        // What a transform makes of a secret cannot be followed: all of it is secret.
        if (defOf(def.out!).type === "transform") {
          if (containsSecret(def.in!)) visit(path, value);
          return;
        }
        walk(def.in!, value, path);
        walk(def.out!, value, path);
        return;
      default:
        // optional, nullable, default, prefault, catch, readonly, nonoptional, promise...
        if (def.innerType) walk(def.innerType, value, path);
    }
  }
}

/** Whether a secret is marked anywhere inside `schema`. */
export function containsSecret(schema: z.ZodType, seen = new Set<z.ZodType>()): boolean {
  if (seen.has(schema)) return false;
  seen.add(schema);
  if (isMarkedSecret(schema)) return true;
  const def = defOf(schema);
  const inner = [
    ...Object.values(def.shape ?? {}),
    ...(def.options ?? []),
    ...(def.items ?? []),
    ...[def.catchall, def.element, def.valueType, def.innerType, def.in, def.out, def.left, def.right, def.rest ?? undefined],
    ...(def.type === "lazy" && def.getter ? [def.getter()] : []),
  ];
  return inner.some((child) => child !== undefined && containsSecret(child, seen));
}

/** The primitive values inside `value` (itself, if it is one), with their paths. */
export function leavesOf(value: unknown, path: ConfigPath): Array<{ path: ConfigPath; value: unknown }> {
  if (Array.isArray(value)) return value.flatMap((item, index) => leavesOf(item, [...path, index]));
  if (value instanceof Map) return [...value].flatMap(([key, item]) => leavesOf(item, [...path, String(key)]));
  if (isRecordLike(value) && !isEnvReference(value)) return Object.entries(value).flatMap(([key, item]) => leavesOf(item, [...path, key]));
  return [{ path, value }];
}

export const pathText = (path: readonly PropertyKey[]) => path.map(String).join(".") || "(config)";
