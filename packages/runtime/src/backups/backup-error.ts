/** Why a backup or a restore did not happen; the codes are stable, operators and tests match them. */
export type BackupProblem =
  /** No backup can be taken here (pg_dump missing or unable): a migration refuses to run without one. */
  | "backup_unavailable"
  /** A restore cannot run here (psql missing or unable). */
  | "restore_unavailable"
  /** The backup may not be restored into this deployment: a newer bundle's, another deployment's, damaged. */
  | "restore_refused"
  /** The deployment runs: stop it before restoring. */
  | "deployment_running";

/** Printed as `code: message`; the message says what, where and what to do, and that nothing changed. */
export class BackupError extends Error {
  override readonly name = "BackupError";
  constructor(
    readonly code: BackupProblem,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

export const isBackupError = (error: unknown): error is BackupError => error instanceof BackupError;
