// What a plug's signature covers (the file listing), SSHSIG parsing and verifying, and the
// bundle's record of each plug's files that start checks.
export {
  controlCharacterIn,
  fileListing,
  listingDigest,
  normalisePackagePath,
  packageFilesOf,
  sha256OfFile,
  signatureFile,
  unsafeNameProblem,
  UnsafePackagePathError,
  type PackageFile,
  type PackageFilesOptions,
} from "./package-files.js";
export { parsePublicKeyLine, publicKeyFromBlob, sshFingerprint, SshFormatError, type SshPublicKey } from "./ssh-key.js";
export { parseSshSignature, signatureNamespace, verifySshSignature, type SshSignature } from "./sshsig.js";
export {
  BundleTamperedError,
  bundleDigestsFile,
  checkBundleDigests,
  filesRecord,
  type BundleDigests,
  type BundledPlug,
} from "./bundle-digests.js";
