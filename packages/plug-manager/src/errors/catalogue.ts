/**
 * Every error code the `care` CLI (and plug.config.ts's helpers) throws, once: what it means and
 * what to do. docs/errors.md is generated from this list (scripts/error-catalogue.mjs); a test fails
 * when a code used in the source is missing here. Plain data, no imports.
 */
export const plugManagerErrors = [
  {
    code: "invalid_arguments",
    summary: "A command's options contradict each other or are missing.",
    fix: "Run the command with --help and give the options it asks for.",
  },
  {
    code: "command_failed",
    summary: "A tool care runs (pnpm, turbo, tsup, tar) failed or could not start; its last lines are printed.",
    fix: "Read the tool's lines above (a registry's 404, a compile error) and fix what they name, then run the command again.",
  },
  {
    code: "workspace_not_found",
    summary: "The command runs outside a Care workspace (no pnpm-workspace.yaml here or above).",
    fix: "Run care from the workspace root, or create one with `care init`.",
  },
  {
    code: "workspace_folder_unlisted",
    summary: "pnpm-workspace.yaml does not list the folder a new package goes in.",
    fix: "Add the folder (e.g. `plugs/*`) under `packages:` in pnpm-workspace.yaml.",
  },
  {
    code: "folder_not_usable",
    summary: "`care init` was given a file or a folder that is not empty.",
    fix: "Give a new or empty folder.",
  },
  {
    code: "registry_url_invalid",
    summary: "`--registry` is not an http(s) URL without credentials.",
    fix: "Give a URL like https://npm.example.org/; keep credentials in pnpm's auth.ini.",
  },
  {
    code: "path_exists",
    summary: "A file or folder a scaffold would write already exists; nothing was written.",
    fix: "Move it away, or choose another name.",
  },
  {
    code: "name_taken",
    summary: "Another package of the workspace already has that name.",
    fix: "Choose another name.",
  },
  {
    code: "scaffold_write_failed",
    summary: "A scaffold could not be written; nothing was kept.",
    fix: "Check that the workspace is writable and try again.",
  },
  {
    code: "deployment_name_invalid",
    summary: "A deployment name is not 1-63 lowercase letters, digits or '-' starting with a letter.",
    fix: "Use the name the hint suggests.",
  },
  {
    code: "deployment_missing",
    summary: "The named deployment has no apps/<name>/plug.config.ts.",
    fix: "Name one of the folders in apps/, or create it with `care deployment new <name>`.",
  },
  {
    code: "deployment_name_mismatch",
    summary: "plug.config.ts names another deployment than its folder.",
    fix: "Make the name in plug.config.ts and the folder name the same.",
  },
  {
    code: "deployment_config_invalid",
    summary: "plug.config.ts does not pass its schema (defineDeployment).",
    fix: "Correct each field the message lists.",
  },
  {
    code: "deployment_config_unloadable",
    summary: "plug.config.ts could not be loaded (a syntax or import error).",
    fix: "Fix the error the message quotes; `tsc` in the deployment shows it with its line.",
  },
  {
    code: "manifest_stale",
    summary: "The deployment's src/plugs.generated.ts is not what `care sync` writes from plug.config.ts and the installed plugs.",
    fix: "Run `pnpm care sync -d <deployment>`; do not edit the file by hand.",
  },
  {
    code: "plug_config_types_stale",
    summary:
      "The deployment's src/plug-configs.generated.ts (the types `tsc` checks plug configs with) is not what `care sync` " +
      "writes from plug.config.ts and the installed plugs.",
    fix: "Run `pnpm care sync -d <deployment>`; do not edit the file by hand.",
  },
  {
    code: "manifest_unloadable",
    summary: "The deployment's generated plug manifest (src/plugs.generated.ts) could not be loaded.",
    fix: "Run `pnpm care sync -d <deployment>` first.",
  },
  {
    code: "database_not_migrated",
    summary: "The deployment's database is not migrated to this version of Care.",
    fix: "Run `pnpm care migrate -d <deployment>`, or start the deployment (it migrates itself).",
  },
  {
    code: "database_unreadable",
    summary: "The deployment's database could not be read (its core migrations table, say).",
    fix: "Check DATABASE_URL (or CARE_DATA_DIR) and that the database answers.",
  },
  {
    code: "confirmation_needed",
    summary: "A command that deletes or changes data for good needs an explicit confirmation.",
    fix: "Repeat it with the confirmation the hint gives (e.g. --yes), after reading what it will do.",
  },
  {
    code: "not_confirmed",
    summary: "The change was not confirmed at the prompt; nothing was changed.",
    fix: "Run it again and confirm, if it is what you want.",
  },
  {
    code: "check_failed",
    summary: "`care check` found problems; each is listed above with its own code.",
    fix: "Fix them and run `pnpm care check` again.",
  },
  {
    code: "bundle_web_missing",
    summary: "The deployment builds a web app (vite.config.ts), but its bundle would have no dist/web/index.html.",
    fix: 'Build the deployment (`pnpm turbo run build --filter=@care-deploy/<name>...`) and keep "dist" in its package.json "files".',
  },
  {
    code: "bundle_check_failed",
    summary: "The deployment has problems (as `care check` finds them), so it was not bundled.",
    fix: "Fix them (`pnpm care check -d <deployment>` lists them), then bundle again.",
  },
  {
    code: "bundle_plug_missing",
    summary: "A plug of the lockfile is not installed where the bundle is gathered from.",
    fix: "Run `pnpm care sync -d <deployment>`, then bundle again.",
  },
  {
    code: "plugs_lock_missing",
    summary: "The deployment has no plugs.lock.json to bundle from.",
    fix: "Run `pnpm care sync -d <deployment>` first.",
  },
  {
    code: "dev_start_failed",
    summary: "`care dev` started the deployment, but its process exited before it served; the line it printed says why.",
    fix: "Fix what the message says (its code, if it has one, is listed here); care dev keeps watching and restarts on the next change.",
  },
  {
    code: "dev_build_failed",
    summary: "`care dev` could not sync or build after a change; the last good build keeps serving.",
    fix: "Fix the file and line the message names (esbuild printed the code frame above it) and save again.",
  },
  {
    code: "command_not_built",
    summary: "The command's implementation is not built in this version of the CLI.",
    fix: "Rebuild the CLI (`pnpm --filter @care/plug-manager build`) or upgrade it.",
  },
  {
    code: "migration_refused",
    summary: "`care migrate --plan` found that the migration would be refused.",
    fix: "Fix what the message says (a plug's chain, its version), then plan again.",
  },
  {
    code: "restore_backup_failed",
    summary: "The backup taken before a restore (of what it would replace) failed; nothing was changed.",
    fix: "Fix what the message says and run `care restore` again.",
  },
  {
    code: "restore_failed",
    summary: "A restore into the embedded database failed; the data folder is as it was.",
    fix: "Read the cause in the message; fix it and restore again.",
  },
  {
    code: "plug_source_invalid",
    summary: "A plug entry's package or version in plug.config.ts is neither a package name, a local archive nor a tagged git URL.",
    fix: "Write the package's name as `package` and its source (range, archive, git URL with tag) as `version`.",
  },
  {
    code: "plug_not_in_package_json",
    summary: "A plug of plug.config.ts is not a dependency in the deployment's package.json.",
    fix: "Run `pnpm care sync -d <deployment>`.",
  },
  {
    code: "plug_not_installed",
    summary: "A plug is not installed in the deployment's node_modules.",
    fix: "Run `pnpm care sync -d <deployment>`.",
  },
  {
    code: "plug_ui_missing",
    summary:
      "A plug's care.plug.ui names a web interface its package cannot give: its package.json `exports` lacks the subpath, " +
      "or the file it points to is not built.",
    fix:
      "Build the plug (`pnpm turbo run build --filter=<package>`) or add the subpath to its exports; " +
      "for a published plug, ask its publisher.",
  },
  {
    code: "ui_manifest_stale",
    summary: "The deployment's src/ui.generated.ts (the plug interfaces its web app loads) is not what `care sync` writes.",
    fix: "Run `pnpm care sync -d <deployment>`; do not edit the file by hand.",
  },
  {
    code: "plug_not_loadable",
    summary: "A plug of the deployment could not be loaded from node_modules.",
    fix: "Run `pnpm care sync -d <deployment>`; the message says what failed.",
  },
  {
    code: "plug_refused",
    summary: "A plug was refused before any of its code ran (trust or identity); the listed problem has the details.",
    fix: "Do what the listed problem says.",
  },
  {
    code: "plug_declaration_changed",
    summary: "An installed plug's name, version or care.plug block differs from the package.json that was reviewed.",
    fix: "Its publisher must build it from the package.json it ships; review and add it again.",
  },
  {
    code: "plug_id_taken",
    summary: "The deployment (or workspace) already has a plug with that id.",
    fix: "Give this one another id with --id <id>.",
  },
  {
    code: "plug_not_in_deployment",
    summary: "The deployment has no plug with that id; nothing was changed.",
    fix: "Use one of the plug ids the hint lists.",
  },
  {
    code: "plug_entry_not_literal",
    summary: "The plug's entry in plug.config.ts is not a literal the CLI can edit safely; nothing was changed.",
    fix: "Edit plug.config.ts by hand (set `enabled`), then run `care sync`.",
  },
  {
    code: "plug_switch_failed",
    summary: "Switching a plug on or off failed; plug.config.ts and package.json are as they were.",
    fix: "Read the cause in the message, fix it and run the command again.",
  },
  {
    code: "package_spec_invalid",
    summary: "`care plug add` was given something that is not a package name (optionally with @version).",
    fix: "Give a workspace or registry package (@care-plugs/lab@^1.2.0), a .tgz or a git URL with its tag.",
  },
  {
    code: "plug_version_not_found",
    summary: "The registry has no version of the package matching the range.",
    fix: "Use one of the published versions the hint lists.",
  },
  {
    code: "plug_not_found",
    summary: "No package with that name is in the workspace or the registry.",
    fix: "Check the name; the hint lists close names.",
  },
  {
    code: "plug_version_not_allowed",
    summary: "A plug entry's version does not name its source the way its kind requires.",
    fix: "Use workspace:<range> for a workspace package, a range or dist-tag for a registry package, a git URL with its tag.",
  },
  {
    code: "registry_unreachable",
    summary: "The npm registry could not be asked about a package.",
    fix: "Check the network and the registry in .npmrc; run again.",
  },
  {
    code: "registry_settings_unreadable",
    summary: "pnpm's registry settings could not be read.",
    fix: "Run `pnpm config list` there to see what is wrong.",
  },
  {
    code: "plug_scope_unpinned",
    summary: "A plug's npm scope is not pinned to one registry, so its packages could come from another.",
    fix: "Pin the scope in .npmrc (@scope:registry=...) as the hint shows.",
  },
  {
    code: "git_url_credentials",
    summary: "A git URL carries credentials, which would be written to plug.config.ts, package.json and the lockfile.",
    fix: "Remove them from the URL; use git's credential helper.",
  },
  {
    code: "git_tag_missing",
    summary: "A git plug's URL names no tag, or a tag the repository does not have.",
    fix: "Name the release tag, e.g. <url>#v1.0.0.",
  },
  {
    code: "git_repository_unreadable",
    summary: "The git repository of a plug could not be read.",
    fix: "Check the URL and that git can reach it.",
  },
  {
    code: "git_package_unreadable",
    summary: "The tagged commit of a git plug holds no readable package.json with a name and version.",
    fix: "Tag a commit that holds the plug package.",
  },
  {
    code: "plug_package_taken",
    summary: "Two plugs of a deployment are the same package.",
    fix: "Keep one of them.",
  },
  {
    code: "plug_source_changed",
    summary: "A plug now comes from another source than the lockfile recorded.",
    fix: "If intended, accept it with --allow-source-change <id>.",
  },
  {
    code: "plug_identity_changed",
    summary: "A package now calls itself another plug than the lockfile recorded.",
    fix: "If intended, accept it with --allow-source-change <id>.",
  },
  {
    code: "plug_trust_unchecked",
    summary: "A plug's trust could not be checked, so it was refused before its code ran.",
    fix: "Do what the message says (install it, or sync again).",
  },
  {
    code: "plug_unsigned",
    summary: "The trust policy requires a signature and the plug has none.",
    fix: "Use a signed release, or allow unsigned plugs in the policy knowingly.",
  },
  {
    code: "plug_signature_invalid",
    summary: "A plug's care-plug.sig does not verify for its files.",
    fix: "Do not use it: reinstall it from its publisher; the files may have been changed.",
  },
  {
    code: "plug_signer_untrusted",
    summary: "A plug is signed by a key the trust policy does not trust.",
    fix: "Add the publisher's key to the policy if you trust it.",
  },
  {
    code: "plug_revoked",
    summary: "The plug (or its signing key) is revoked in the trust policy.",
    fix: "Use another version or publisher.",
  },
  {
    code: "plug_path_unsafe",
    summary: "A plug package holds a path that could be written outside its folder, or with control characters.",
    fix: "Do not install it; its publisher must rebuild it.",
  },
  {
    code: "publisher_key_missing",
    summary: "The public key to verify with was not found.",
    fix: "Give the key file, or add the publisher to the trust policy.",
  },
  {
    code: "publisher_key_invalid",
    summary: "The publisher key is not a readable SSH public key.",
    fix: "Give an ssh-ed25519 public key (.pub).",
  },
  {
    code: "signing_key_missing",
    summary: "`care pack --sign` was given no signing key, or a path with none.",
    fix: "Give an SSH private key with --key.",
  },
  {
    code: "signing_key_unsupported",
    summary: "The signing key is not of a supported type.",
    fix: "Use an ed25519 SSH key.",
  },
  {
    code: "ssh_keygen_missing",
    summary: "ssh-keygen, which signs and verifies, is not on the PATH.",
    fix: "Install OpenSSH's ssh-keygen.",
  },
  {
    code: "signing_failed",
    summary: "ssh-keygen could not sign the package.",
    fix: "Read its error in the message (a passphrase, a permission), fix it and pack again.",
  },
  {
    code: "file_missing",
    summary: "The file given to the command does not exist.",
    fix: "Pass the path of a file that exists (e.g. a .tgz made by care pack).",
  },
  {
    code: "archive_checksum_missing",
    summary:
      "A plug archive has no checksum file (`<archive>.sha256`, or the --checksum path). " +
      "Nothing was installed; an archive's problems are all listed, each with its code; the error has the first one's.",
    fix: "Copy the .sha256 file `care pack` wrote along with the archive, or pass its path with --checksum <file>.",
  },
  {
    code: "archive_checksum_unreadable",
    summary: "A plug archive's checksum file is not in sha256sum format (`<64 hex digits>  <file name>`).",
    fix: "Use the .sha256 file `care pack` wrote, or re-create it with `sha256sum <archive> > <archive>.sha256`.",
  },
  {
    code: "archive_checksum_wrong_file",
    summary: "A plug archive's checksum file names another archive.",
    fix: "Use the .sha256 file that came with this archive.",
  },
  {
    code: "archive_checksum_mismatch",
    summary: "A plug archive's SHA-256 differs from its checksum file's: it changed after it was packed, or was damaged on the way.",
    fix: "Download or copy it again from its source; if it still differs, do not install it and ask its publisher.",
  },
  {
    code: "archive_unreadable",
    summary: "A plug archive could not be read from disk (permissions, a folder, an I/O error named in the message).",
    fix: "Check the file's path and permissions, then run the command again.",
  },
  {
    code: "archive_not_gzip",
    summary: "A plug archive does not start with the gzip signature: it is damaged or not a plug archive.",
    fix: "Download it again, or re-create it with `care pack <plug-dir>`.",
  },
  {
    code: "archive_not_tar",
    summary: "A plug archive's gzip layer holds something other than a tar archive.",
    fix: "Download it again, or re-create it with `care pack <plug-dir>`.",
  },
  {
    code: "archive_damaged",
    summary: "A plug archive's gzip or tar data is corrupt or cut short (the message says where).",
    fix: "Download it again from its source, or re-create it with `care pack <plug-dir>`.",
  },
  {
    code: "archive_ambiguous",
    summary:
      "A plug archive holds what readers disagree on (a pax global header, a name or size changed by an extended " +
      "header, data after its end): what is verified might not be what is installed.",
    fix: "Do not install it; re-create it with `care pack` from the plug's folder.",
  },
  {
    code: "archive_path_unsafe",
    summary:
      "An entry of a plug archive has a path that would write outside the package folder or mislead " +
      "(absolute, `..`, a backslash, a control character).",
    fix: "Do not install it; re-create it with `care pack` from the plug's folder.",
  },
  {
    code: "archive_entry_outside_package",
    summary: "An entry of a plug archive is outside `package/`, where every file of an npm package is.",
    fix: "Do not install it; re-create it with `care pack` from the plug's folder.",
  },
  {
    code: "archive_entry_not_file",
    summary: "An entry of a plug archive is a link, a device, a fifo or another tar type: plug archives hold only files and folders.",
    fix: "Replace links with the files themselves in the plug, and pack it again with `care pack`.",
  },
  {
    code: "archive_entry_duplicate",
    summary: "A plug archive holds the same file twice (perhaps under two spellings of one path); readers disagree on which copy counts.",
    fix: "Do not install it; re-create it with `care pack`.",
  },
  {
    code: "archive_too_large",
    summary: "A plug archive, one of its files, its package.json or its signature is over the size limit (the message names the limit).",
    fix: "Leave large files out of the package (its `files` field), or raise the limit if the file belongs there.",
  },
  {
    code: "archive_too_many_entries",
    summary: "A plug archive has more entries than the limit; reading stopped there.",
    fix: "Leave unneeded files out of the package (its `files` field), or raise the limit.",
  },
  {
    code: "archive_manifest_missing",
    summary: "A plug archive has no `package/package.json` file, so it is not an npm package.",
    fix: "Pack the plug with `care pack <plug-dir>` (which runs pnpm pack).",
  },
  {
    code: "archive_manifest_invalid",
    summary: "A plug archive's package.json is not valid JSON, or lacks a name, a semver version or a valid care.plug block.",
    fix: "Fix the plug's package.json as the message says, then pack it again.",
  },
  {
    code: "archive_misnamed",
    summary:
      "A staged archive's plug id (care.plug.id) differs from the installed plug with its package, or its package differs from the " +
      "installed plug with its id; nothing was staged.",
    fix: "Ask its publisher for a release that keeps the plug's id and package name; a different plug needs its own id.",
  },
  {
    code: "archive_core_incompatible",
    summary: "A staged archive's care.plug.core range does not include the core version this site runs; nothing was staged.",
    fix: "Ask its publisher for a release built for this core, or upgrade Care first.",
  },
  {
    code: "archive_downgrade",
    summary: "A staged archive is an older version than the plug installed in the deployment; plugs are never downgraded.",
    fix: "Stage the installed version or a later one.",
  },
  {
    code: "archive_same_version",
    summary: "A staged archive has the version the deployment has already; nothing was staged.",
    fix: "A changed plug needs a new version: ask its publisher for one.",
  },
  {
    code: "archive_upload_too_large",
    summary: "An uploaded plug archive is larger than the 64 MiB an upload may be; nothing was staged.",
    fix: "Leave large files out of the plug's package (its files field) and pack it again.",
  },
  {
    code: "staged_token_unknown",
    summary: "No uploaded archive waits under that token: it was staged or refused already, or is over a day old.",
    fix: "Upload the archive again and stage the token its inspection gives.",
  },
  {
    code: "staged_change_unknown",
    summary: "No staged change has that id: it was discarded or applied already.",
    fix: "List the staged changes with `care changes -d <deployment>`.",
  },
  {
    code: "staged_changes_unreadable",
    summary: "The site folder's staged/changes.json is not a list of staged changes this version of Care can read.",
    fix: "Restore it from a backup, or delete it to start with nothing staged (the archives in staged/ can be staged again).",
  },
  {
    code: "staged_changes_busy",
    summary: "Another process held the staged changes' lock (staged/changes.lock) for longer than 30 seconds.",
    fix: "Try again; if no care serve or care stage is running, delete the lock file it names.",
  },
  {
    code: "change_not_needed",
    summary: "A staged disable or enable asks for the state the plug is in already; nothing was staged.",
    fix: "Stage the opposite change, or none.",
  },
  {
    code: "archive_bundled_install_script",
    summary:
      "A package a plug archive bundles under node_modules/ has an install script (preinstall, install, postinstall) or a " +
      "binding.gyp: it would run code when installed, and a plug archive runs nothing then.",
    fix: "Do not install it; ask its publisher for one whose bundled packages ship ready files (`care pack` refuses such packages).",
  },
  {
    code: "archive_bundled_missing",
    summary:
      "A plug archive's package.json lists a package in bundleDependencies that the archive does not carry; no installer " +
      "fetches a bundled package, so the plug would not load.",
    fix: "Do not install it; re-create it with `care pack`, which puts every bundled package in.",
  },
  {
    code: "pack_dependency_missing",
    summary:
      "`care pack` cannot bundle a dependency of the plug: it is not installed in the plug's folder (or not a version its range allows).",
    fix: "Run pnpm install in the workspace, build the plug, and pack again.",
  },
  {
    code: "pack_dependency_not_bundlable",
    summary:
      "A dependency `care pack` would bundle runs code when installed (an install script or a binding.gyp), or holds a " +
      "symbolic link; a plug archive carries ready files only.",
    fix: "Use a version or another package that ships ready files, or pack with --no-bundle for sites that install from a registry.",
  },
  {
    code: "pack_source_invalid",
    summary:
      "`care pack` was given a folder that is not a plug (no package.json, invalid JSON, no care.plug block), or a plug " +
      "with a `bin` whose dependencies it would bundle.",
    fix:
      "Pass a plug's folder, e.g. care pack plugs/hello; remove `bin` from a plug whose dependencies are bundled (or pack " +
      "with --no-bundle).",
  },
  {
    code: "pack_not_built",
    summary: "The plug's main file does not exist yet.",
    fix: "Build it first (pnpm --filter <package> build), then pack.",
  },
  {
    code: "pack_failed",
    summary: "pnpm pack failed (or is not on the PATH).",
    fix: "Read pnpm's output in the message; install pnpm if missing.",
  },
  {
    code: "plug_next_step_invalid",
    summary: "A plug's upgrade/<version>_next.sql step cannot be used as named.",
    fix: "Do what the message says: keep one next step, from the last released version.",
  },
  {
    code: "plug_install_drift",
    summary: "install.sql does not build what the oldest release plus the upgrade chain builds.",
    fix: "Make install.sql and the steps agree (the message lists the differences).",
  },
  {
    code: "plug_upgrade_step_missing",
    summary: "A workspace plug's install.sql changed since its last release, with no upgrade step from that release.",
    fix: "Add the upgrade step (and migrations/baseline/<released>.sql) the message names.",
  },
  {
    code: "plug_tables_stale",
    summary: "A plug's src/tables.generated.ts is not what its install.sql generates.",
    fix: "Run `pnpm care plug types <plug-dir>` (or `care sync`) and commit the file.",
  },
  {
    code: "plug_tables_no_plugs",
    summary: "`care plug types` found no plug folders to generate for.",
    fix: "Pass plug folders, or run it in a workspace with plugs/.",
  },
  {
    code: "plug_tables_not_a_plug",
    summary: "A folder given to `care plug types` is not a plug with migrations/install.sql.",
    fix: "Pass a plug's folder.",
  },
  {
    code: "plug_tables_install_failed",
    summary: "A plug's install.sql failed in the scratch database, so no table types were generated.",
    fix: "Fix install.sql at the line the message gives.",
  },
  {
    code: "supervisor_running",
    summary:
      "`care serve` was started for a deployment that another `care serve` on this server supervises already (its lock file " +
      "names it).",
    fix: "Use that one (`care apply -d <name>`), or stop it before starting another.",
  },
  {
    code: "supervisor_not_running",
    summary: "`care apply` found no `care serve` answering on the deployment's control socket (or it stopped answering during the apply).",
    fix: "Start it on the site's server with `pnpm care serve -d <name>`; it rolls back an apply it was stopped during.",
  },
  {
    code: "supervisor_socket_unsafe",
    summary: "The folder of the control socket in the temporary folder belongs to another user, or others can enter it.",
    fix: "Remove that folder, then start `care serve` again.",
  },
  {
    code: "apply_running",
    summary: "An apply was asked for while another one runs: one apply at a time.",
    fix: "Follow the running one (`care apply` does, or GET /applies/<id>), then apply again.",
  },
  {
    code: "nothing_staged",
    summary: "An apply was asked for with nothing staged.",
    fix: "Stage a plug archive or a change first (`care stage`, or the console), then apply.",
  },
  {
    code: "apply_unknown",
    summary: "No apply in the journal has that id.",
    fix: "List them with GET /applies (the console's journal).",
  },
  {
    code: "apply_rolled_back",
    summary: "The apply failed at a step and was rolled back: the previous release serves again, with its database and repository files.",
    fix:
      "Read the failed step and the message (the new release's last lines are in it), fix the plug or discard the staged change, " +
      "then apply again.",
  },
  {
    code: "apply_failed",
    summary: "The apply failed, and so did its rollback: the deployment may not be serving.",
    fix: "Read the message: it names the backup to restore by hand (`care restore <file> -d <name>`); then start `care serve` again.",
  },
  {
    code: "actor_missing",
    summary: "A control request to the supervisor did not say who asks (header x-care-actor).",
    fix: "Call it through `care apply`, `care stage` or the admin API, which set it.",
  },
  {
    code: "invalid_request",
    summary: "A control request to the supervisor has a body that does not match its schema.",
    fix: "Send what docs/operations/serve-and-apply.md says.",
  },
  {
    code: "body_too_large",
    summary: "A control request's body is larger than the supervisor accepts (an archive: 64 MiB).",
    fix: "Send a smaller archive.",
  },
  {
    code: "bundle_file_missing",
    summary: "`care apply --bundle` names no file on the site's server.",
    fix: "Copy the bundle .tgz `care bundle` wrote to the server and give its path.",
  },
  {
    code: "bundle_refused",
    summary:
      "The bundle tarball given to `care apply --bundle` is not a bundle of this deployment, or its plug files differ from its " +
      "plugs.digests.json.",
    fix: "Apply the .tgz that `care bundle -d <name>` wrote, unchanged.",
  },
  {
    code: "staged_archive_missing",
    summary: "A staged add or upgrade has no archive in the site folder any more.",
    fix: "Discard the staged change and stage the archive again.",
  },
  {
    code: "staged_archive_changed",
    summary: "A staged archive's bytes changed after it was staged.",
    fix: "Discard the staged change and stage the archive again.",
  },
  {
    code: "release_damaged",
    summary: "A release folder is not a bundle `care bundle` wrote (it has no single dist/plugs.generated*.js).",
    fix: "Apply again to build a new release.",
  },
  {
    code: "supervisor_task_failed",
    summary: "A build or migration task of `care serve` failed without a code of its own (its last lines are in the message).",
    fix: "Read those lines, fix what they name, then apply again.",
  },
  {
    code: "supervisor_internal_error",
    summary: "The supervisor failed on a control request (a bug).",
    fix: "Read the output of `care serve` and report it.",
  },
] as const satisfies ReadonlyArray<{ code: string; summary: string; fix: string }>;
