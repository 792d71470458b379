/** Why the core's migrations did not run; printed as `code: message`, nothing was applied. */
export class CoreMigrationError extends Error {
  override readonly name = "CoreMigrationError";
  constructor(
    readonly code: "core_downgrade_refused" | "core_migration_failed",
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
