-- 1.2.0: results get their own table with value, unit, reference range and flag, and the free-text
-- result on the order row moves there. Runs as role plug_lab with search_path plug_lab.
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

-- "5.4 mmol/L" becomes value 5.4, unit mmol/L; anything else ("positive") stays whole, with no unit.
insert into results (id, order_id, value, unit, recorded_by, recorded_at)
select
  gen_random_uuid(),
  o.id,
  coalesce(m.parts[1], btrim(o.result_text)),
  m.parts[2],
  o.resulted_by,
  coalesce(o.resulted_at, o.ordered_at)
from orders o
left join lateral (
  select regexp_match(o.result_text, '^\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*([^\s0-9.+-]\S*)?\s*$') as parts
) m on true
where o.result_text is not null and btrim(o.result_text) <> '';

-- An order with a result is resulted, whatever 1.0.0/1.1.0 left in its status.
update orders set status = 'resulted'
where status = 'pending' and exists (select from results r where r.order_id = orders.id);

alter table orders drop column result_text;
alter table orders drop column resulted_at;
alter table orders drop column resulted_by;
