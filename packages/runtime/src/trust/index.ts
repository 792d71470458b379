// What a plug's signature covers (the file listing), SSHSIG parsing and verifying, and the
// bundle's record of each plug's files that start checks.
export { fileListing, listingDigest, normalisePackagePath, packageFilesOf, sha256OfFile, signatureFile, type PackageFile } from "./package-files.js";
export { parsePublicKeyLine, publicKeyFromBlob, sshFingerprint, SshFormatError, type SshPublicKey } from "./ssh-key.js";
export { parseSshSignature, signatureNamespace, verifySshSignature, type SshSignature } from "./sshsig.js";
export { BundleTamperedError, bundleDigestsFile, checkBundleDigests, filesRecord, type BundleDigests, type BundledPlug } from "./bundle-digests.js";
