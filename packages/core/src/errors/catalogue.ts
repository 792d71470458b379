/**
 * Every error code the core answers or throws, once: what it means and what to do. docs/errors.md
 * is generated from this list (scripts/error-catalogue.mjs); a test fails when a code used in the
 * source is missing here. Plain data, no imports: the script reads it without building.
 */
export const coreErrors = [
  {
    code: "validation_failed",
    summary: "A request's params, query or body (or a service's input) is invalid; `details` names each field.",
    fix: "Correct the fields listed in `details` (path and reason) and send it again.",
  },
  {
    code: "bad_request",
    summary: "Fastify refused the request before any route ran (malformed JSON, say).",
    fix: "Send a well-formed request: valid JSON with `content-type: application/json`.",
  },
  {
    code: "payload_too_large",
    summary: "The request body is larger than the server accepts.",
    fix: "Send a smaller body.",
  },
  {
    code: "unsupported_media_type",
    summary: "The request's content type is not one the route reads.",
    fix: "Send JSON with `content-type: application/json`.",
  },
  {
    code: "unauthorized",
    summary: "No valid session: the token is missing, invalid or expired, or the username or password is wrong.",
    fix: "Log in (`POST /api/v1/auth/login`) and send `Authorization: Bearer <token>`.",
  },
  {
    code: "forbidden",
    summary: "The user is signed in but their role or facilities do not allow this.",
    fix: "Ask an administrator for the role or facility membership, or act as a user who has it.",
  },
  {
    code: "not_found",
    summary: "The entity (or route) does not exist, or is at a facility the user cannot see.",
    fix: "Check the id; list the entities to find it.",
  },
  {
    code: "conflict",
    summary: "The write conflicts with what is stored (a duplicate, or a plug's veto).",
    fix: "Read the message: change the conflicting value, or act on what the vetoing plug says.",
  },
  {
    code: "illegal_transition",
    summary: "An encounter's status cannot move from its current status to the one asked for.",
    fix: "Use a status the message lists as allowed (`planned` \u2192 `in_progress` \u2192 `finished` or `cancelled`).",
  },
  {
    code: "password_too_weak",
    summary: "A password (a user's, or CARE_ADMIN_PASSWORD at the first start) is too short or too common.",
    fix: "Choose a longer, less common password, as the message says.",
  },
  {
    code: "rate_limited",
    summary: "Too many requests (or failed logins) from this client in a short time.",
    fix: "Wait for the `Retry-After` seconds, then try again.",
  },
  {
    code: "login_locked",
    summary: "Too many failed logins for this username: it is locked for a while.",
    fix: "Wait until the time the message gives, or ask an administrator to check the audit log.",
  },
  {
    code: "login_delayed",
    summary: "Failed logins for this username or address must wait before the next try (the wait doubles each time).",
    fix: "Wait for the `Retry-After` seconds before trying again.",
  },
  {
    code: "login_busy",
    summary: "Too many logins are being checked at once (password hashing is kept to a line).",
    fix: "Try again in a moment.",
  },
  {
    code: "database_unavailable",
    summary: "The database cannot be reached right now; the process stays up and recovers by itself.",
    fix: "Retry after `Retry-After`; if it was a write, check whether it was saved before repeating it.",
  },
  {
    code: "internal_error",
    summary: "An unexpected failure (a bug): the answer holds no detail, the log holds the stack.",
    fix: "Report it with the request id the message quotes; the server log has the details.",
  },
  {
    code: "core_downgrade_refused",
    summary: "The database was migrated by a newer version of Care (it has core migrations this one does not know).",
    fix: "Deploy that newer version, or restore a backup taken before it ran; Care is never downgraded.",
  },
  {
    code: "core_migration_failed",
    summary: "A core migration failed; nothing was applied.",
    fix: "Read the database's error in the message; fix its cause (space, permissions) and start again, or report it as a bug.",
  },
  {
    code: "data_folder_in_use",
    summary: "Another process holds the embedded database's data folder.",
    fix: "Stop the process the message names, or point CARE_DATA_DIR to another folder.",
  },
  {
    code: "data_folder_permission",
    summary: "The data folder (or a file in it) cannot be read or written by this user.",
    fix: "Give the user running Care read and write access to the folder the message names.",
  },
  {
    code: "data_folder_not_a_database",
    summary: "The data folder holds something that is not a Care database.",
    fix: "Set CARE_DATA_DIR to an empty or new folder, or to the right one; Care never deletes it.",
  },
  {
    code: "data_folder_damaged",
    summary: "The data folder holds a damaged database.",
    fix: "Restore it from a backup (`care restore`), or start on a new folder; Care left it untouched.",
  },
  {
    code: "data_folder_version_mismatch",
    summary: "The data folder was written by another PostgreSQL version than this build embeds.",
    fix: "Run the Care version that wrote it, or restore a backup into a new folder.",
  },
  {
    code: "data_folder_unreadable",
    summary: "The database in the data folder could not be opened.",
    fix: "Read the cause in the message; restore from a backup if the folder is damaged.",
  },
  {
    code: "data_folder_restore_interrupted",
    summary: "A restore into this data folder was cut short.",
    fix: "Run the restore again (`care restore`); the message names the backup.",
  },
] as const satisfies ReadonlyArray<{ code: string; summary: string; fix: string }>;
