// `care pack` and `care verify`: plug archives with checksums.
export { packPlug, type PackOptions, type PackResult } from "./pack.js";
export { ArchiveVerificationError, verifyArchive, type VerifiedArchive, type VerifyOptions } from "./verify.js";
export { defaultArchiveLimits, formatBytes, type ArchiveLimits } from "./limits.js";
export type { ArchiveProblem, ArchiveProblemCode } from "./problem.js";
