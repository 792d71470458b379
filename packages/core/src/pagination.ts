import type { Page } from "@care/plug-api";
import { z } from "zod";
import { CareError } from "./errors.js";

/** Every list shares these: a page size and the opaque cursor from the previous page. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional(),
});

export type { Page };

/**
 * Ids are UUIDv7, ordered by creation time, so a list ordered by id pages by keyset on the
 * id alone: the cursor is the last id seen, wrapped so callers treat it as opaque.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId).toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!z.uuid().safeParse(id).success) {
    throw new CareError("validation_failed", "invalid cursor: pass nextCursor from the previous page unchanged", [
      { path: "cursor", message: "not a cursor this server issued" },
    ]);
  }
  return id;
}

/** Rows were fetched with one extra row, to know whether another page follows. */
export function toPage<Row extends { id: string }, T>(rows: Row[], limit: number, map: (row: Row) => T): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
