import type { z } from "zod";

// `secret(...)` marks fields in the contract (@care/plug-api); the runtime reads the marks.
export { isMarkedSecret, secret } from "@care/plug-api";

export function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  return (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
}
