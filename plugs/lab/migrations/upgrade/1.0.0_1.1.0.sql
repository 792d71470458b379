-- 1.1.0: test codes are canonical (upper case), orders have a priority, and a cancellation says
-- who and why. Runs as role plug_lab with search_path plug_lab, in one transaction with the rest.

-- 1.0.0 stored test codes as typed ("fbc", " Hb "); make them canonical, then keep them so.
update orders set test_code = coalesce(nullif(upper(btrim(test_code)), ''), 'UNKNOWN')
where test_code <> upper(btrim(test_code)) or btrim(test_code) = '';
alter table orders add constraint orders_test_code_check check (test_code = upper(btrim(test_code)) and test_code <> '');

alter table orders add column priority text not null default 'routine';
alter table orders add constraint orders_priority_check check (priority in ('routine', 'urgent'));

alter table orders add column resulted_by uuid references core.users (id);
alter table orders add column cancelled_by uuid references core.users (id);
alter table orders add column cancel_reason text;

-- What finishing an encounter asks: "does it have pending orders?"
drop index orders_encounter;
create index orders_pending_by_encounter on orders (encounter_id) where status = 'pending';
