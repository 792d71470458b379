// `care pack` and `care verify`: plug archives with checksums, carrying their dependencies.
export { packPlug, type PackOptions, type PackResult } from "./pack.js";
export type { BundledDependency } from "./bundle-dependencies.js";
export {
  ArchiveVerificationError,
  verifyArchive,
  type BundledPackage,
  type VerifiedArchive,
  type VerifyOptions,
} from "./verify.js";
export { archiveNetworkNeeds, type NetworkNeedsOptions } from "./network-needs.js";
export { defaultArchiveLimits, formatBytes, type ArchiveLimits } from "./limits.js";
export type { ArchiveProblem, ArchiveProblemCode } from "./problem.js";
