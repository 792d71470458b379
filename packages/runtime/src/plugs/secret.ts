import { z } from "zod";

/** Config fields whose values must never be shown: in logs, errors, `/health` or any API. */
const secrets = z.registry<{ secret: true }>();

/**
 * Marks a config field secret. The mark sits on a pipe around the schema, so refinements must go
 * inside (`secret(z.string().min(8))`): a pipe has no `.min()` to chain by mistake, and wrappers
 * such as `.optional()`, `.default()` or `.transform()` keep the mark. A secret may sit at any depth
 * (in an object, array, record, union...): secrets/secret-walk.ts finds it there.
 */
export function secret<Schema extends z.ZodType>(schema: Schema): z.ZodPipe<Schema, z.ZodTransform<z.output<Schema>, z.output<Schema>>> {
  const marked = schema.pipe(z.transform((value: z.output<Schema>) => value));
  secrets.add(marked, { secret: true });
  return marked;
}

/** Whether this very schema (not one inside it) is a `secret(...)`. */
export function isMarkedSecret(schema: z.ZodType): boolean {
  return secrets.has(schema);
}

export function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  return (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
}
