import type { ColumnType, Generated } from "kysely";

/** Timestamps are written as Dates, ISO strings or `now()`, and read back as Dates. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface FacilitiesTable {
  id: string;
  name: string;
  kind: string;
  address: string | null;
  phone: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UserFacilitiesTable {
  user_id: string;
  facility_id: string;
}

export interface PatientsTable {
  id: string;
  facility_id: string;
  name: string;
  /** A calendar date, kept as `YYYY-MM-DD` text on the way in and out. */
  birth_date: string;
  sex: string;
  phone: string | null;
  address: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PatientIdentifiersTable {
  patient_id: string;
  system: string;
  value: string;
}

export interface EncountersTable {
  id: string;
  patient_id: string;
  facility_id: string;
  kind: string;
  status: string;
  started_at: OptionalTimestamp;
  ended_at: OptionalTimestamp;
  attending_user_id: string | null;
  notes: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  event_id: string;
  signal: string;
  subscriber: string;
  payload: unknown;
  status: Generated<"pending" | "processing" | "delivered" | "failed" | "held" | "discarded">;
  attempts: Generated<number>;
  next_attempt_at: UpdatedAt;
  lease_until: OptionalTimestamp;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: OptionalTimestamp;
}

export interface PlugsTable {
  id: string;
  package: string;
  version: string;
  installed_at: CreatedAt;
  upgraded_at: OptionalTimestamp;
  /** Checksum of the install.sql (without comments and spacing) the plug's schema now matches; null when unknown. */
  install_shape: string | null;
  /** Built from an install.sql that was not released yet (a developer's database). */
  development: Generated<boolean>;
  /** When the plug left plug.config.ts; null while a deployment runs it. Its schema and data stay. */
  detached_at: OptionalTimestamp;
}

export interface PlugStepsTable {
  id: Generated<string>;
  plug_id: string;
  step: string;
  from_version: string | null;
  to_version: string;
  checksum: string;
  ran_at: CreatedAt;
}

/** The core's view of the database: its own schema plus the system schema. */
export interface CoreDatabase {
  "core.facilities": FacilitiesTable;
  "core.users": UsersTable;
  "core.user_facilities": UserFacilitiesTable;
  "core.patients": PatientsTable;
  "core.patient_identifiers": PatientIdentifiersTable;
  "core.encounters": EncountersTable;
  "core.sessions": SessionsTable;
  "care_system.outbox": OutboxTable;
  "care_system.plugs": PlugsTable;
  "care_system.plug_steps": PlugStepsTable;
}
