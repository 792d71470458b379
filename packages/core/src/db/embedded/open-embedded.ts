import { mkdir } from "node:fs/promises";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { keepAsText } from "../keep-as-text.js";
import type { CareDatabase } from "../open.js";
import type { CoreDatabase } from "../tables.js";

export async function openEmbedded(dataDir: string | undefined): Promise<CareDatabase> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir && { dataDir }),
    parsers: { [pgliteTypes.DATE]: keepAsText, [pgliteTypes.INT8]: keepAsText },
  });
  const db = new Kysely<CoreDatabase>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: "pglite",
    location: dataDir ? `PGlite in ${dataDir}` : "PGlite in memory",
    // Kysely holds PGlite's only session for the transaction, so exec runs inside it.
    runScript: async (_tx, script) => void (await pglite.exec(script)),
    close: () => db.destroy(),
  };
}
