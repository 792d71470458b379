-- Runs as hello's own role (plug_hello_<8 hex>, one per database) with search_path plug_hello: unqualified names are the plug's own.
create table greetings (
  id uuid primary key,
  patient_id uuid not null references core.patients (id),
  facility_id uuid not null references core.facilities (id),
  message text not null,
  created_at timestamptz not null default now()
);
create index greetings_patient on greetings (patient_id, created_at);
