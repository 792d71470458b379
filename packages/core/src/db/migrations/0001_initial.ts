import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create schema if not exists core`.execute(db);
  await sql`create schema if not exists care_system`.execute(db);

  await sql`
    create table core.facilities (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(trim(name)) > 0),
      kind text not null check (kind in ('hospital', 'clinic', 'health_center', 'laboratory', 'pharmacy', 'other')),
      address text,
      phone text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table core.users (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      display_name text not null,
      password_hash text not null,
      roles text[] not null check (roles <@ array['admin', 'doctor', 'nurse', 'staff']::text[] and cardinality(roles) > 0),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index users_username_key on core.users (lower(username))`.execute(db);

  await sql`
    create table core.user_facilities (
      user_id uuid not null references core.users (id) on delete cascade,
      facility_id uuid not null references core.facilities (id),
      primary key (user_id, facility_id)
    )`.execute(db);
  await sql`create index user_facilities_facility on core.user_facilities (facility_id)`.execute(db);

  await sql`
    create table core.patients (
      id uuid primary key default gen_random_uuid(),
      facility_id uuid not null references core.facilities (id),
      name text not null check (length(trim(name)) > 0),
      birth_date date not null,
      sex text not null check (sex in ('female', 'male', 'other', 'unknown')),
      phone text,
      address text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // Lists page by id (UUIDv7) within a facility or a patient: keyset scans on these indexes.
  await sql`create index patients_facility_page on core.patients (facility_id, id)`.execute(db);

  await sql`
    create table core.patient_identifiers (
      patient_id uuid not null references core.patients (id) on delete cascade,
      system text not null,
      value text not null,
      primary key (patient_id, system),
      unique (system, value)
    )`.execute(db);

  await sql`
    create table core.encounters (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references core.patients (id),
      facility_id uuid not null references core.facilities (id),
      kind text not null check (kind in ('outpatient', 'inpatient', 'emergency')),
      status text not null check (status in ('planned', 'in_progress', 'finished', 'cancelled')),
      started_at timestamptz,
      ended_at timestamptz,
      attending_user_id uuid references core.users (id),
      notes text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index encounters_patient_page on core.encounters (patient_id, id)`.execute(db);
  await sql`create index encounters_facility_page on core.encounters (facility_id, id)`.execute(db);

  await sql`
    create table core.sessions (
      token_hash text primary key,
      user_id uuid not null references core.users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);

  await sql`
    create table care_system.outbox (
      id bigserial primary key,
      event_id uuid not null,
      signal text not null,
      subscriber text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'processing', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      lease_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      unique (event_id, subscriber)
    )`.execute(db);
  await sql`create index outbox_due on care_system.outbox (next_attempt_at, id) where status in ('pending', 'processing')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("core migrations are never reverted; restore from a backup instead");
}
