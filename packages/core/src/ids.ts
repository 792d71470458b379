import { v7 } from "uuid";
import { z } from "zod";
import { notFound } from "./errors.js";

/** New ids are UUIDv7: time-ordered, so lists page by id (see pagination.ts). */
export const newId = (): string => v7();

const uuid = z.uuid();

/** An id that is not a UUID names nothing: "not found", rather than a database error. */
export function knownId(what: string, id: string): string {
  if (!uuid.safeParse(id).success) throw notFound(what, id);
  return id;
}
