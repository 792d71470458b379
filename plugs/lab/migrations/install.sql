-- @care-plugs/lab 1.2.0, the whole schema, run once on a fresh install. Upgrades from earlier
-- releases run upgrade/<from>_<to>.sql instead; both paths must end at this same schema (the
-- plug's tests compare them). Runs as role plug_lab with search_path plug_lab.

-- One test ordered for a patient within an encounter, at the encounter's facility.
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
  cancelled_at timestamptz,
  priority text not null default 'routine',
  cancelled_by uuid references core.users (id),
  cancel_reason text,
  constraint orders_status_check check (status in ('pending', 'resulted', 'cancelled')),
  constraint orders_test_code_check check (test_code = upper(btrim(test_code)) and test_code <> ''),
  constraint orders_priority_check check (priority in ('routine', 'urgent'))
);
create index orders_patient on orders (patient_id, ordered_at);
create index orders_pending_by_encounter on orders (encounter_id) where status = 'pending';

-- The result of an order (one per order). recorded_by is null only for results moved from 1.0.0.
create table results (
  id uuid primary key,
  order_id uuid not null references orders (id),
  value text not null,
  unit text,
  reference_low numeric,
  reference_high numeric,
  flag text,
  recorded_by uuid references core.users (id),
  recorded_at timestamptz not null default now(),
  constraint results_order_key unique (order_id),
  constraint results_flag_check check (flag in ('low', 'normal', 'high', 'critical')),
  constraint results_range_check check (reference_low is null or reference_high is null or reference_low <= reference_high)
);
