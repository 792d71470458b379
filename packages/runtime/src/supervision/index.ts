export { archiveInspectionSchema, type ArchiveInspection } from "./archive-inspection.js";
export {
  applyRecordSchema,
  applyRequestSchema,
  applyStepNameSchema,
  applyStepSchema,
  type ApplyRecord,
  type ApplyRequest,
  type ApplyStep,
  type ApplyStepName,
} from "./apply-record.js";
export {
  stagedChangeKindSchema,
  stagedChangeSchema,
  stageRequestSchema,
  type StagedChange,
  type StagedChangeKind,
  type StageRequest,
} from "./staged-change.js";
export { supervisorStatusSchema, type SupervisorStatus } from "./supervisor-status.js";
export { supervisorProblemSchema, type SupervisorProblem } from "./supervisor-problem.js";
export { SupervisorError } from "./supervisor-error.js";
export { actorHeader, decodeHeaderValue, encodeHeaderValue, fileNameHeader } from "./headers.js";
export { siteDirOf, supervisorSocketPath } from "./site-paths.js";
export { supervisorClient, type SupervisorClient, type SupervisorClientOptions } from "./client.js";
export { probationEndedMessage, probationOverMessage } from "./probation-message.js";
