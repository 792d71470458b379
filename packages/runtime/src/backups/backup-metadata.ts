import { readFile } from "node:fs/promises";
import { z } from "zod";
import { BackupError } from "./backup-error.js";

/** What a backup records beside it (`<backup>.json`): enough to refuse restoring it where it does not belong. */
export const backupMetadataSchema = z.object({
  careBackup: z.literal(1),
  deployment: z.string(),
  engine: z.enum(["pglite", "postgres"]),
  createdAt: z.string(),
  reason: z.enum(["before-migrate", "manual", "before-restore"]),
  /** The backup file's name, in the same folder. */
  file: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  /** What the database held: the core migrations applied, and each plug's recorded version. */
  database: z.object({ location: z.string(), coreMigrations: z.array(z.string()), plugs: z.record(z.string(), z.string()) }),
  /** The bundle that took it: its core version and each plug's version. */
  bundle: z.object({ core: z.string(), plugs: z.record(z.string(), z.string()) }),
});

export type BackupMetadata = z.infer<typeof backupMetadataSchema>;

export const metadataFileOf = (backupFile: string) => `${backupFile}.json`;

/** The metadata beside `backupFile`, or a refusal saying what is missing or wrong. */
export async function readBackupMetadata(backupFile: string): Promise<BackupMetadata> {
  const path = metadataFileOf(backupFile);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(
      "restore_refused",
      code === "ENOENT"
        ? `${path} does not exist: a Care backup is two files, the backup and its .json beside it; ` +
            "copy both (care backup writes both). Nothing was changed"
        : `cannot read ${path} (${code ?? (error as Error).message}). Nothing was changed`,
      { cause: error },
    );
  }
  const parsed = backupMetadataSchema.safeParse(
    (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success)
    throw new BackupError(
      "restore_refused",
      `${path} is not the metadata of a Care backup (${parsed.error.issues[0]?.message ?? "not JSON"}). Nothing was changed`,
    );
  return parsed.data;
}
