/** Why Care refused to open a PGlite data folder; the codes are stable, operators and tests match them. */
export type DataFolderProblem =
  | "data_folder_in_use"
  | "data_folder_permission"
  | "data_folder_not_a_database"
  | "data_folder_damaged"
  | "data_folder_version_mismatch"
  | "data_folder_unreadable"
  | "data_folder_restore_interrupted";

/**
 * A data folder Care will not open, and why. The message says what is wrong, where, and what to do;
 * it is meant to be printed as is (`code: message`), without a stack trace.
 */
export class DataFolderError extends Error {
  override readonly name = "DataFolderError";
  /** For `data_folder_in_use`: the process holding the folder, e.g. "process 4242 (node dist/main.js, …)". */
  readonly holder: string | undefined;

  constructor(
    readonly code: DataFolderProblem,
    /** The folder, or the file in it, that is the problem. */
    readonly path: string,
    message: string,
    options: { cause?: unknown; holder?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.holder = options.holder;
  }
}

export const isDataFolderError = (error: unknown): error is DataFolderError => error instanceof DataFolderError;

/** What to do about a folder that holds something Care cannot use; it never deletes it for them. */
export const untouchedAdvice =
  "Care left the folder untouched: restore it from a backup, or set CARE_DATA_DIR to an empty or new folder to start a new database";
