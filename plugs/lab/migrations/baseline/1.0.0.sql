-- The install script of @care-plugs/lab 1.0.0, exactly as released. Kept so that tests (and
-- `care check`) can install the first release and upgrade it; never edit it.
-- Runs as role plug_lab with search_path plug_lab: unqualified names are the plug's own.
create table orders (
  id uuid primary key,
  patient_id uuid not null references core.patients (id),
  encounter_id uuid not null references core.encounters (id),
  facility_id uuid not null references core.facilities (id),
  test_code text not null,
  test_name text not null,
  status text not null default 'pending',
  ordered_by uuid not null references core.users (id),
  ordered_at timestamptz not null default now(),
  -- 1.0.0 kept the result as free text on the order ("5.4 mmol/L"); 1.2.0 moves it to results.
  result_text text,
  resulted_at timestamptz,
  cancelled_at timestamptz,
  constraint orders_status_check check (status in ('pending', 'resulted', 'cancelled'))
);
create index orders_patient on orders (patient_id, ordered_at);
create index orders_encounter on orders (encounter_id);
