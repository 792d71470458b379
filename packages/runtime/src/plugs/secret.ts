import { z } from "zod";

/** Config fields whose values must never be shown: in logs, errors, `/health` or any API. */
const secrets = z.registry<{ secret: true }>();

/**
 * Marks a config field secret. The mark sits on a pipe around the schema, so refinements must go
 * inside (`secret(z.string().min(8))`): a pipe has no `.min()` to chain by mistake, and wrappers
 * such as `.optional()`, `.default()` or `.transform()` keep the mark.
 */
export function secret<Schema extends z.ZodType>(schema: Schema): z.ZodPipe<Schema, z.ZodTransform<z.output<Schema>, z.output<Schema>>> {
  const marked = schema.pipe(z.transform((value: z.output<Schema>) => value));
  secrets.add(marked, { secret: true });
  return marked;
}

/** The top-level config keys marked secret. */
export function secretKeys(schema: z.ZodType | undefined): Set<string> {
  const keys = new Set<string>();
  for (const [key, field] of Object.entries(shapeOf(schema) ?? {})) if (isSecret(field)) keys.add(key);
  return keys;
}

export function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  return (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
}

function isSecret(field: z.ZodType | undefined): boolean {
  if (!field) return false;
  if (secrets.has(field)) return true;
  const def = (field as { def?: { innerType?: z.ZodType; in?: z.ZodType } }).def;
  return isSecret(def?.innerType) || isSecret(def?.in);
}
