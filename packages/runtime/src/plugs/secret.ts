import { z } from "zod";

/** Config fields whose values must never be shown: in logs, errors, `/health` or any API. */
const secrets = z.registry<{ secret: true }>();

export function secret<Schema extends z.ZodType>(schema: Schema): Schema {
  secrets.add(schema, { secret: true });
  return schema;
}

/** The top-level config keys marked secret (looking through optional/default wrappers). */
export function secretKeys(schema: z.ZodType | undefined): Set<string> {
  const keys = new Set<string>();
  const shape = (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  if (!shape) return keys;
  for (const [key, field] of Object.entries(shape)) if (isSecret(field)) keys.add(key);
  return keys;
}

function isSecret(field: z.ZodType): boolean {
  let current: z.ZodType | undefined = field;
  while (current) {
    if (secrets.has(current)) return true;
    const inner: z.ZodType | undefined = (current as { def?: { innerType?: z.ZodType } }).def?.innerType;
    current = inner;
  }
  return false;
}
