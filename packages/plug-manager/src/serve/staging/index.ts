// Staging: what an administrator drops on the console (or passes to care stage) is inspected without
// running any of it, then recorded in the site folder's staged/ for the supervisor's next apply.
export { inspectArchive, type InspectArchiveInput } from "./inspect-archive.js";
export { maxUploadBytes, pruneIncoming, receiveUpload } from "./receive-upload.js";
export { stageChange, type StageResult } from "./stage-change.js";
export { archivePathOf, clearStagedChanges, discardStagedChange, listStagedChanges } from "./staged-changes.js";
export { stagingPaths, stagingSite, type StagingSite } from "./site.js";
export { notFoundCodes } from "./not-found-codes.js";
