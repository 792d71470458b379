import type { Objection } from "./refusal.js";

type Reason = { why: string; fix: string };

/**
 * Functions a plug migration may not call, whatever statement calls them. This is a deny-list inside
 * allowed statements: the plug's role lacks the rights for most of them anyway; these are the ones that
 * would escape the checks (settings, SQL given as strings) or reach past the plug's schema. Matched by
 * name in any schema, so a plug's own function of the same name is refused too.
 */
const refusedFunctions: Array<[names: Array<string | RegExp>, reason: Reason]> = [
  [["set_config"], { why: "it changes a setting, the role included, and a setting outlives the statement", fix: "remove it" }],
  [
    ["query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "ts_stat", /^dblink/],
    { why: "it runs SQL given as a string, which the check cannot read", fix: "write the query out" },
  ],
  [
    ["pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_ls_dir", /^pg_ls_/, /^pg_file_/, "pg_logdir_ls"],
    { why: "it reads or writes files on the database server", fix: "ship the data in the migration itself" },
  ],
  [
    [
      "lo_import",
      "lo_export",
      "lo_create",
      "lo_creat",
      "lo_from_bytea",
      "lo_put",
      "lo_open",
      "lowrite",
      "lo_truncate",
      "lo_truncate64",
      "lo_unlink",
    ],
    {
      why: "large objects belong to the whole database, not to the plug's schema",
      fix: "keep the data in a bytea column of the plug's table",
    },
  ],
  [
    [
      "pg_terminate_backend",
      "pg_cancel_backend",
      "pg_reload_conf",
      "pg_rotate_logfile",
      "pg_promote",
      "pg_switch_wal",
      "pg_create_restore_point",
      "pg_backup_start",
      "pg_backup_stop",
      "pg_log_backend_memory_contexts",
      "pg_logical_emit_message",
      "pg_import_system_collations",
      /^pg_stat_reset/,
      /replication_slot/,
      /^pg_replication_origin/,
      /^pg_wal_replay/,
    ],
    { why: "it controls the database server or its other sessions", fix: "remove it" },
  ],
  [
    [
      "pg_advisory_lock",
      "pg_advisory_lock_shared",
      "pg_try_advisory_lock",
      "pg_try_advisory_lock_shared",
      "pg_advisory_unlock",
      "pg_advisory_unlock_shared",
      "pg_advisory_unlock_all",
    ],
    {
      why: "a session's advisory lock outlives the migration in the app's connection",
      fix: "use pg_advisory_xact_lock, which ends with the transaction",
    },
  ],
  [["pg_notify"], { why: "notifications are the app's, delivered to its sessions", fix: "remove it" }],
];

/** Why calling the function named `path` (`[schema, name]` or `[name]`) is refused, if it is. */
export function refusedFunction(path: string[]): Objection | undefined {
  const name = path[path.length - 1];
  if (name === undefined) return undefined;
  const row = refusedFunctions.find(([names]) =>
    names.some((pattern) => (typeof pattern === "string" ? pattern === name : pattern.test(name))),
  );
  return row && { what: `calling ${path.join(".")}()`, ...row[1] };
}
