import { z } from "zod";

/** Free text a person types: trimmed, never blank, bounded. */
export const requiredText = (max: number) => z.string().trim().min(1, "must not be empty").max(max);
/** Optional free text: blank becomes null, so "clearing" a field is `""` or `null`. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((value) => (value === "" ? null : value));

export const timestamp = z.iso.datetime({ offset: true });

/** An ILIKE pattern matching `text` anywhere, with its own `%`, `_` and `\` taken literally. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;

/** A name search; an empty box means no search at all. */
export const searchText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => (value ? value : undefined));
