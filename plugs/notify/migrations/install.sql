-- Runs as role plug_notify with search_path plug_notify: unqualified names are the plug's own.
-- One row per delivered signal: the event id is what makes a redelivery a no-op.
create table messages (
  id uuid primary key,
  event_id text not null unique,
  signal text not null,
  encounter_id uuid not null references core.encounters (id),
  patient_id uuid not null references core.patients (id),
  facility_id uuid not null references core.facilities (id),
  -- null when the patient has no phone (status skipped)
  recipient text,
  message text not null,
  status text not null check (status in ('sent', 'rejected', 'skipped')),
  -- which delivery attempt of the signal settled it
  attempts integer not null check (attempts >= 1),
  provider_message_id text,
  provider_status integer,
  -- the provider's reason for a rejection, shortened
  error text,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index messages_patient on messages (patient_id, created_at);
