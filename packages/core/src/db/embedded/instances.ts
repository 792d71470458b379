import type { PGlite } from "@electric-sql/pglite";
import type { Kysely } from "kysely";

/** The PGlite instance behind each open embedded database, by its Kysely (a wrapper may copy the CareDatabase). */
const instances = new WeakMap<Kysely<any>, PGlite>();

export const rememberInstance = (db: Kysely<any>, pglite: PGlite): void => void instances.set(db, pglite);
export const instanceOf = (db: Kysely<any>): PGlite | undefined => instances.get(db);
