import type { PlugNames } from "../../names.js";

/** migrations/install.sql: the plug's whole schema at its current version. */
export const installSql = (plug: PlugNames): string => `-- The ${plug.id} plug's tables. Runs once, on a fresh install, as the plug's
-- database role (plug_${plug.id}_<8 hex digits>, one per database) with search_path plug_${plug.id}: unqualified names
-- are the plug's own. The core columns plugs are granted can be read and core ids referenced; core
-- tables are never changed. Each statement is checked before any runs (see "What a plug migration may
-- contain" in Care's README). A later version adds migrations/upgrade/<from>_next.sql (\`care version\`
-- names it after the new version) and updates this file to match, a new column at the end of its table
-- (where the step's ALTER puts it); the first change after a release also keeps what that release
-- installed as migrations/baseline/<version>.sql.
create table patient_notes (
  id uuid primary key,
  patient_id uuid not null references core.patients (id),
  facility_id uuid not null references core.facilities (id),
  note text not null,
  created_at timestamptz not null default now()
);
create index patient_notes_patient on patient_notes (patient_id, created_at);
`;
