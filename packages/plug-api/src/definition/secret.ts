import { z } from "zod";

type SecretRegistry = ReturnType<typeof z.registry<{ secret: true }>>;

/**
 * Config fields whose values must never be shown: in logs, errors, `/health` or any API. Kept on a
 * registered global key, so a plug built with another copy of this package is still understood.
 */
const secrets: SecretRegistry = ((globalThis as Record<symbol, unknown>)[Symbol.for("care.secretSchemas")] ??= z.registry<{
  secret: true;
}>()) as SecretRegistry;

/**
 * Marks a config field secret. The mark sits on a pipe around the schema, so refinements must go
 * inside (`secret(z.string().min(8))`): a pipe has no `.min()` to chain by mistake, and wrappers
 * such as `.optional()`, `.default()` or `.transform()` keep the mark. A secret may sit at any depth
 * (in an object, array, record, union...): the runtime's secret walk finds it there.
 */
export function secret<Schema extends z.ZodType>(schema: Schema): z.ZodPipe<Schema, z.ZodTransform<z.output<Schema>, z.output<Schema>>> {
  const marked = schema.pipe(z.transform((value: z.output<Schema>) => value));
  secrets.add(marked, { secret: true });
  return marked;
}

/** Whether this very schema (not one inside it) is a `secret(...)`. For the runtime, not for plugs. */
export function isMarkedSecret(schema: z.ZodType): boolean {
  return secrets.has(schema);
}
