/**
 * The admin console's answers, as the issue-15 contract shapes them. They mirror the zod schemas of
 * `@care/runtime/supervision` and the runtime's admin routes: the web app never imports the runtime
 * (it would pull server code into the browser bundle), so these are kept in step by hand.
 */

export type PlugState = "started" | "disabled" | "detached" | "failed";
export type PlugSource = "workspace" | "registry" | "file" | "git";

export interface PlugMetadata {
  description: string | null;
  license: string | null;
  author: string | null;
  homepage: string | null;
  repository: string | null;
}

export interface PlugHealth {
  status: "ok" | "failing";
  reason: string | null;
  checkedAt: string | null;
}

/** One plug of the running deployment (GET /api/v1/admin/plugs). */
export interface AdminPlug {
  id: string;
  package: string;
  /** Null when the plug is detached (installed, but no longer in the bundle). */
  bundledVersion: string | null;
  installedVersion: string | null;
  source: PlugSource | null;
  integrity: { lock: string | null; verified: boolean };
  signature: { status: "signed" | "unsigned"; signedBy: string | null };
  state: PlugState;
  required: boolean;
  health: PlugHealth | null;
  metadata: PlugMetadata;
  ui: boolean;
}

/** One step of the migration history; `plug` is null for the core's own steps. */
export interface MigrationStep {
  plug: string | null;
  step: string;
  toVersion: string | null;
  checksum: string | null;
  appliedAt: string | null;
}

/** One effective setting of a plug; a secret's value is never sent, only whether it is set. */
export interface PlugConfigEntry {
  key: string;
  secret: boolean;
  set: boolean;
  value: unknown;
  from: "deployment" | "environment" | "default";
}

/** GET /api/v1/admin/plugs/:id */
export interface AdminPlugDetail extends AdminPlug {
  config: PlugConfigEntry[];
  migrations: MigrationStep[];
}

/** What the supervisor found in an uploaded archive, before anything is staged. */
export interface ArchiveInspection {
  token: string;
  file: { name: string; sha256: string; bytes: number };
  change: "add" | "upgrade";
  plug: { id: string; package: string; version: string } & PlugMetadata;
  signature: { status: "signed" | "unsigned"; signedBy: string | null; fingerprint: string | null };
  core: { range: string; compatible: boolean };
  contract: string | null;
  dependencies: { id: string; range: string }[];
  coreTables: { table: string; access: string[] }[];
  outsideHosts: string[];
  ui: boolean;
  /** Dependencies the archive does not bundle and the site's store lacks: installing would need the network. */
  needsNetwork: string[];
  upgrade: null | {
    from: string;
    steps: { from: string; to: string; file: string }[];
    declarationChanges: { field: string; before: unknown; after: unknown }[];
  };
}

export type StagedChangeKind = "add" | "upgrade" | "disable" | "enable" | "remove";

export interface StagedChange {
  id: string;
  kind: StagedChangeKind;
  plug: string;
  package: string | null;
  version: string | null;
  fromVersion: string | null;
  archive: { name: string; sha256: string } | null;
  stagedBy: string;
  stagedAt: string;
}

/** The steps of an apply, in the order they run; the last two only run to roll back. */
export type ApplyStepName = "build" | "rehearse" | "backup" | "stop" | "migrate" | "start" | "health" | "restore" | "restart-previous";
export type ApplyResult = "running" | "applied" | "rolled-back" | "failed";
export type ApplyStepStatus = "running" | "ok" | "failed" | "skipped";

/** One apply of the staged changes, as the journal records it. */
export interface ApplyRecord {
  id: string;
  by: string;
  startedAt: string;
  finishedAt: string | null;
  changes: StagedChange[];
  bundle: { file: string; sha256: string } | null;
  result: ApplyResult;
  failedStep: ApplyStepName | null;
  message: string | null;
  steps: { name: ApplyStepName; status: ApplyStepStatus; startedAt: string; finishedAt: string | null; detail: string | null }[];
}

export interface SupervisorStatus {
  deployment: string;
  release: string | null;
  startedAt: string;
  applying: ApplyRecord | null;
}

/**
 * GET /api/v1/admin/supervisor: always answered, `supervised: false` when not under `care serve`;
 * `problem` says why the status is missing when the supervisor did not answer.
 */
export interface SupervisorAnswer {
  supervised: boolean;
  status: SupervisorStatus | null;
  problem: { code: string; message: string; hint?: string } | null;
}

export interface Items<T> {
  items: T[];
}
