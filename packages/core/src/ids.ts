import { v7 } from "uuid";

/** New ids are UUIDv7: time-ordered, so lists page by id (see pagination.ts). */
export const newId = (): string => v7();
