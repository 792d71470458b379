/**
 * What care serve sends, over the IPC channel it starts a release with, once that release passed its
 * health gate: the release (started with CARE_START_ON_PROBATION=1) then accepts writes and delivers.
 */
export const probationOverMessage = "care:probation-over";

/** The release's answer once it has ended its probation (care serve finishes the apply after it). */
export const probationEndedMessage = "care:probation-ended";
