/**
 * What kind of thing is wrong with a plug archive: one stable code per kind, listed in the error
 * catalogue (src/errors/catalogue.ts), so a script or a site's runbook can tell a download to repeat
 * (`archive_damaged`, `archive_checksum_mismatch`) from an archive never to install (`archive_path_unsafe`).
 */
export type ArchiveProblemCode =
  | "archive_checksum_missing"
  | "archive_checksum_unreadable"
  | "archive_checksum_wrong_file"
  | "archive_checksum_mismatch"
  | "archive_unreadable"
  | "archive_not_gzip"
  | "archive_not_tar"
  | "archive_damaged"
  | "archive_ambiguous"
  | "archive_path_unsafe"
  | "archive_entry_outside_package"
  | "archive_entry_not_file"
  | "archive_entry_duplicate"
  | "archive_too_large"
  | "archive_too_many_entries"
  | "archive_manifest_missing"
  | "archive_manifest_invalid"
  | "archive_bundled_install_script"
  | "archive_bundled_missing";

/** One thing wrong with an archive: its code, what, in which entry (when it is about one), and what to do. */
export interface ArchiveProblem {
  code: ArchiveProblemCode;
  entry?: string;
  problem: string;
  fix: string;
}
