const MiB = 1024 * 1024;

/** How big an archive may be once unpacked. */
export interface ArchiveLimits {
  /** Largest single file, in bytes (default 20 MiB). */
  maxEntrySize: number;
  /** All files together, in bytes (default 100 MiB). */
  maxTotalSize: number;
  /** Number of entries, folders included (default 10 000). */
  maxEntries: number;
}

export const defaultArchiveLimits: ArchiveLimits = { maxEntrySize: 20 * MiB, maxTotalSize: 100 * MiB, maxEntries: 10_000 };

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
  return `${bytes} bytes`;
}
