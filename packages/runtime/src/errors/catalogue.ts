/**
 * Every error code the runtime throws or answers, once: what it means and what to do. docs/errors.md
 * is generated from this list (scripts/error-catalogue.mjs); a test fails when a code used in the
 * source is missing here. Plain data, no imports: the script reads it without building.
 */
export const runtimeErrors = [
  {
    code: "deployment_on_probation",
    summary:
      "A change (POST, PATCH, DELETE) reached a release care serve just upgraded to, before its health gate passed: " +
      "it is refused so that a rollback, which restores the backup taken before the migration, cannot lose it.",
    fix: "Send it again once the apply has finished (the console shows it; it answers Retry-After).",
  },
  {
    code: "settings_invalid",
    summary: "An environment variable the deployment reads (PORT, DATABASE_URL, CARE_\u2026) has an invalid value.",
    fix: "Correct each variable the message lists, as its reason says, and start again.",
  },
  {
    code: "port_in_use",
    summary: "The HTTP port is already in use by another process.",
    fix: "Stop what uses it, or set PORT to another port.",
  },
  {
    code: "metrics_listen_failed",
    summary: "The separate metrics listener (CARE_METRICS_LISTEN) could not listen on its address.",
    fix: "Free that address, or set CARE_METRICS_LISTEN to another host:port.",
  },
  {
    code: "plug_check_failed",
    summary: "The deployment's plugs have problems found before anything ran; each is listed with its own code.",
    fix: "Fix each listed problem (`care check` lists them too), rebuild, and start again.",
  },
  {
    code: "plug_not_a_plug",
    summary: "An entry of the manifest is not a plug made with definePlug (or plugTypes().define).",
    fix: "Use the default export of a plug package.",
  },
  {
    code: "plug_block_invalid",
    summary: "A plug's package.json has no valid `care.plug` block.",
    fix: "Fix the fields the message lists in the plug's package.json (its publisher's job), and rebuild it.",
  },
  {
    code: "plug_contract_missing",
    summary: "A plug's `care.plug.contract` does not say which plug contract it was built for.",
    fix: 'Rebuild the plug against the current @care/plug-sdk (its scaffold writes `"contract": "^1.0.0"`).',
  },
  {
    code: "plug_contract_incompatible",
    summary: "A plug was built for a plug contract this runtime does not provide.",
    fix: "Rebuild the plug against the @care/plug-sdk the message names, or pin an older plug version.",
  },
  {
    code: "plug_id_invalid",
    summary: "A plug id is not 1-32 lowercase letters, digits or '_' starting with a letter.",
    fix: "Give the plug a valid id in plug.config.ts.",
  },
  {
    code: "plug_version_invalid",
    summary: "A plug's package version is not a semver version.",
    fix: "Publish the plug with a version like 1.2.0.",
  },
  {
    code: "plug_hook_undeclared",
    summary: "A plug defines hooks its package.json does not list in `care.plug.hooks`.",
    fix: "Its publisher lists them in care.plug.hooks, so they are reviewed before the plug is added.",
  },
  {
    code: "plug_id_duplicate",
    summary: "Two plugs of the deployment use the same id.",
    fix: "Give one of them another id in plug.config.ts.",
  },
  {
    code: "plug_core_incompatible",
    summary: "An enabled plug supports a core range this core is not in.",
    fix: "Upgrade (or downgrade) the plug to one that supports this core, or switch it off.",
  },
  {
    code: "plug_dependency_missing",
    summary: "A plug needs another plug the deployment does not list.",
    fix: "Add the plug it needs to plug.config.ts.",
  },
  {
    code: "plug_dependency_incompatible",
    summary: "A plug needs a version of another plug the deployment does not have.",
    fix: "Change the needed plug's version to one in the range the message gives.",
  },
  {
    code: "plug_dependency_disabled",
    summary: "An enabled plug needs a plug that plug.config.ts switches off.",
    fix: "Switch both off, or both on.",
  },
  {
    code: "plug_dependency_cycle",
    summary: "Plugs depend on each other in a cycle.",
    fix: "Break the cycle the message shows.",
  },
  {
    code: "config_secret_literal",
    summary: "A secret config field has a literal value (or a function) in plug.config.ts.",
    fix: 'Write env("NAME") there (the message suggests a name) and set that variable where the deployment runs.',
  },
  {
    code: "config_function_failed",
    summary: "A function given as a config value threw.",
    fix: "Fix the function in plug.config.ts; the message has its error.",
  },
  {
    code: "config_key_unknown",
    summary: "plug.config.ts sets a config key the plug does not have (a misspelling, say).",
    fix: "Use one of the settings the message lists.",
  },
  {
    code: "config_value_invalid",
    summary: "A config value is invalid for the plug's schema; the message says why and, for an env value, which variable.",
    fix: "Correct the value (or the environment variable) as the reason says.",
  },
  {
    code: "config_env_missing",
    summary: "A config value comes from an environment variable this environment does not set.",
    fix: "Set the variable the message names where the deployment runs (`care check` only notes it).",
  },
  {
    code: "config_secret_too_short",
    summary: "A secret is shorter than the minimum length (log lines replace secrets, and a short one would blank out words).",
    fix: "Use a longer secret.",
  },
  {
    code: "plug_migrations_invalid",
    summary: "A plug's migrations folder cannot be read as a chain.",
    fix: "Fix the migrations folder as the message says.",
  },
  {
    code: "plug_install_missing",
    summary: "A plug with tables has no migrations/install.sql.",
    fix: "Add migrations/install.sql with the plug's tables.",
  },
  {
    code: "plug_step_name_invalid",
    summary: "An upgrade step is not named `<from>_<to>.sql` with full versions going upwards.",
    fix: "Rename it, e.g. upgrade/1.0.0_1.1.0.sql.",
  },
  {
    code: "plug_chain_overlap",
    summary: "Two upgrade steps start at the same version.",
    fix: "Keep one step per starting version; merge the others into it.",
  },
  {
    code: "plug_chain_gap",
    summary: "The upgrade chain has a gap between two steps.",
    fix: "Add the missing step the message names.",
  },
  {
    code: "plug_step_past_version",
    summary: "An upgrade step goes past the plug package's version.",
    fix: "Bump the package's version (`care version`), or rename the step.",
  },
  {
    code: "plug_downgrade_refused",
    summary: "The database has a newer version of the plug than this bundle; plugs are never downgraded.",
    fix: "Deploy a bundle with that version of the plug or later.",
  },
  {
    code: "plug_upgrade_path_missing",
    summary: "No upgrade step starts at the plug version installed in the database.",
    fix: "Add the upgrade step the message names.",
  },
  {
    code: "plug_development_schema",
    summary: "The database's plug schema was built from an unreleased install.sql, so upgrade steps do not apply to it.",
    fix: "Reset it with `care plug reset` on that development database, or start on an empty data folder.",
  },
  {
    code: "plug_install_changed_without_step",
    summary: "install.sql changed between two versions but no upgrade step covers the change.",
    fix: "Add the upgrade step the message names (`care check` shows what differs), rebuild, start again.",
  },
  {
    code: "plug_step_failed",
    summary: "An upgrade step or install script failed in the database; nothing was changed.",
    fix: "Fix the step at the file and line the message gives, rebuild, and migrate again.",
  },
  {
    code: "plug_step_refused",
    summary: "A migration statement is refused by the migration policy (or left the plug's role or changed a setting).",
    fix: "Rewrite the statement the message names within the plug's own schema.",
  },
  {
    code: "migration_failed",
    summary: "The migration failed outside any plug step (the core's, say); nothing was changed.",
    fix: "Read the cause in the message; fix it and migrate again.",
  },
  {
    code: "plug_not_in_database",
    summary: "The plug is not installed in this database, so there is nothing to reset.",
    fix: "Check the plug id and the deployment.",
  },
  {
    code: "plug_reset_refused",
    summary: "The plug's schema was built from a released install.sql: reset only removes development schemas.",
    fix: "Nothing to do: reset is for development databases only.",
  },
  {
    code: "plug_purge_refused",
    summary: "A plug purge did not happen (the plug is still configured, not detached, or absent); nothing was changed.",
    fix: "Follow the hint the message prints, then purge again.",
  },
  {
    code: "plug_purge_raced",
    summary: "The plug's deliveries or steps changed while the purge's export was written; nothing was changed.",
    fix: "Run the purge again.",
  },
  {
    code: "plug_signal_invalid",
    summary:
      "A plug emits or subscribes to signals in a way the runtime refuses (its id clashes with the core's, a dependency is missing).",
    fix: "Do what the message says: another id, the core's signals only under `on`, or the dependency added.",
  },
  {
    code: "plug_start_failed",
    summary: "A plug's start hook threw, so the deployment did not start.",
    fix: "Fix the plug's configuration or what it connects to, switch it off, or report it to its publisher.",
  },
  {
    code: "plug_sql_refused",
    summary: "A plug's code sent SQL a plug may not run (outside its schema, or a refused statement); nothing of it ran.",
    fix: "Report it to the plug's publisher: it is a bug (or an attack) in the plug.",
  },
  {
    code: "plug_disabled",
    summary: "HTTP: the plug is switched off in this deployment (503); its data is kept.",
    fix: "Switch it on in plug.config.ts and redeploy, or stop calling it.",
  },
  {
    code: "plug_route_invalid",
    summary:
      "A plug route is malformed: its path does not start with /, it has no responses or no 2xx response, or a public route lacks " +
      "its reason or authenticate.",
    fix:
      "Fix the route in the plug (built with plugTypes().route.<method>(path, { summary, responses }, handler)) and publish a new " +
      "version.",
  },
  {
    code: "plug_error",
    summary: "HTTP: a plug's route failed unexpectedly (a bug in the plug); the log holds the stack.",
    fix: "Report it to the plug's publisher with the request id the message quotes.",
  },
  {
    code: "ssh_format_invalid",
    summary: "An SSH public key or signature (care-plug.sig) cannot be read: damaged, or not ssh-ed25519.",
    fix: "Use an ssh-ed25519 key (ssh-keygen -t ed25519) and a signature made by `care pack --sign`.",
  },
  {
    code: "bundle_plug_changed",
    summary: "The installed plugs of a bundle are not the ones bundled (a file changed, was added or removed).",
    fix: "Find out who changed them, then restore the bundle from its archive and start again.",
  },
  {
    code: "backup_unavailable",
    summary: "No backup can be taken here (pg_dump missing or unable), so the migration did not run.",
    fix: "Install pg_dump of the server's major version, or set CARE_MIGRATE_WITHOUT_BACKUP=1 knowingly.",
  },
  {
    code: "restore_unavailable",
    summary: "A restore cannot run here (psql missing or unable); nothing was changed.",
    fix: "Install psql of the server's major version and restore again.",
  },
  {
    code: "restore_refused",
    summary: "The backup may not be restored here (another deployment's, a newer bundle's, or damaged); nothing was changed.",
    fix: "Pick a backup of this deployment taken by this bundle or an older one.",
  },
  {
    code: "deployment_running",
    summary: "The deployment is running (or a restore holds it), so the restore or purge did not start.",
    fix: "Stop every instance of the deployment, then run it again.",
  },
  {
    code: "not_supervised",
    summary: "HTTP: the admin console asked to inspect, stage or apply a plug change, but this deployment does not run under care serve.",
    fix: "Start the deployment with `care serve -d <deployment>` on the site's server; staging and applying go through it.",
  },
  {
    code: "supervisor_unreachable",
    summary: "The supervisor (care serve) does not answer on its control socket (CARE_SUPERVISOR_SOCKET).",
    fix: "Check that care serve still runs for this deployment (its output says why it stopped), and start it again if not.",
  },
  {
    code: "supervisor_answer_invalid",
    summary: "The supervisor answered with something this version of Care does not understand (another Care version).",
    fix: "Run care serve and the deployment from the same Care version: restart care serve after upgrading Care.",
  },
] as const satisfies ReadonlyArray<{ code: string; summary: string; fix: string }>;
