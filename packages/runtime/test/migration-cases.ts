import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";

/** A migration the policy refuses: what it does, its SQL, the line of the refusal and how the reason starts. */
export const refusedMigration = z.strictObject({
  what: z.string().min(1),
  script: z.string().min(1),
  line: z.number().int().positive(),
  reason: z.string().min(1),
});

/** Reads test/fixtures/<file> (YAML, so that each script reads as the SQL it is) and checks it has the shape `schema` says. */
export async function readMigrationCases<Cases>(file: string, schema: z.ZodType<Cases>): Promise<Cases> {
  const text = await readFile(new URL(`fixtures/${file}`, import.meta.url), "utf8");
  return schema.parse(parse(text));
}
