import { Migration } from '@mikro-orm/migrations';

/**
 * The parents' copy of a final observation record (docs/parents-copy.md). What the child's social worker withholds
 * from the copy, a withholding taken back, and each time the copy was shared: three append-only logs, each row saying
 * who recorded it and when. Nothing is ever rewritten: taking a withholding back is a row of its own, and a second
 * sharing is another row. Only a final record has a parents' copy; the database refuses any other.
 */
export class Migration0015ParentsCopy extends Migration {
  override name = '0015-parents-copy';

  override up(): void {
    this.addSql(PARENTS_COPY_SQL);
  }
}

const APPEND_ONLY_TABLES = ['parents_copy_withholding', 'parents_copy_release', 'parents_copy_sharing'];

const PARENTS_COPY_SQL = /* sql */ `
create table parents_copy_withholding (
  id uuid primary key,
  council_id uuid not null,
  observation_id uuid not null,
  child_id uuid not null,
  what text not null check (length(what) between 1 and 500),
  reason text not null check (length(reason) between 1 and 2000),
  recorded_by_id uuid not null,
  recorded_at timestamptz not null default now(),
  unique (council_id, id),
  foreign key (council_id, observation_id) references observation (council_id, id) deferrable initially deferred,
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, recorded_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index parents_copy_withholding_observation on parents_copy_withholding (observation_id, recorded_at);

create table parents_copy_release (
  id uuid primary key,
  council_id uuid not null,
  withholding_id uuid not null unique,
  child_id uuid not null,
  reason text not null check (length(reason) between 1 and 2000),
  recorded_by_id uuid not null,
  recorded_at timestamptz not null default now(),
  foreign key (council_id, withholding_id) references parents_copy_withholding (council_id, id)
    deferrable initially deferred,
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, recorded_by_id) references staff_user (council_id, id) deferrable initially deferred
);

create table parents_copy_sharing (
  id uuid primary key,
  council_id uuid not null,
  observation_id uuid not null,
  child_id uuid not null,
  shared_with uuid[] not null check (cardinality(shared_with) > 0),
  method text not null check (method in ('post', 'email', 'in_person', 'secure_portal')),
  shared_at timestamptz not null,
  recorded_by_id uuid not null,
  recorded_at timestamptz not null default now(),
  check (shared_at <= recorded_at),
  foreign key (council_id, observation_id) references observation (council_id, id) deferrable initially deferred,
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, recorded_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index parents_copy_sharing_observation on parents_copy_sharing (observation_id, shared_at);

-- A parents' copy is of a final record only: what may still change is not shared, nor marked for withholding.
create function parents_copy_of_final_record() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from observation o where o.id = new.observation_id and o.status = 'final') then
    raise exception 'only a final observation record has a parents'' copy'
      using errcode = 'P0001', hint = 'parents-copy/not-final';
  end if;
  return new;
end $$;
create trigger parents_copy_withholding_of_final before insert on parents_copy_withholding
  for each row execute function parents_copy_of_final_record();
create trigger parents_copy_sharing_of_final before insert on parents_copy_sharing
  for each row execute function parents_copy_of_final_record();

${APPEND_ONLY_TABLES.map(
  (table) => `create trigger ${table}_never_rewritten before update on ${table}
  for each row execute function refuse_change();
create trigger ${table}_retention before delete on ${table}
  for each row execute function child_record_retention_guard('child');
create trigger ${table}_no_truncate before truncate on ${table}
  for each statement execute function refuse_truncate();`,
).join('\n')}
`;
