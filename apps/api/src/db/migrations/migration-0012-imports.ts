import { Migration } from '@mikro-orm/migrations';

/**
 * Imports from a council's case system (docs/import.md): each run of an import, with its progress while it runs and
 * its report once done, kept so that the report outlives the process that ran it. One run at a time per council.
 * A run whose process stopped stops beating (`heartbeat_at`) and is marked failed; running it again is safe, as an
 * import changes nothing the second time.
 */
export class Migration0012Imports extends Migration {
  override name = '0012-imports';

  override up(): void {
    this.addSql(IMPORTS_SQL);
  }
}

const IMPORTS_SQL = /* sql */ `
create table import_run (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  started_by_id uuid not null,
  via text not null check (via in ('dashboard', 'command')),
  status text not null check (status in ('running', 'succeeded', 'failed')),
  files text[] not null,
  rows_total integer not null check (rows_total >= 0),
  rows_done integer not null default 0 check (rows_done between 0 and rows_total),
  created integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  refused integer not null default 0,
  report jsonb,
  failure text,
  started_at timestamptz not null default now(),
  heartbeat_at timestamptz not null default now(),
  finished_at timestamptz,
  check ((status = 'running') = (finished_at is null)),
  foreign key (council_id, started_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create unique index import_run_one_running on import_run (council_id) where status = 'running';
create index import_run_council on import_run (council_id, started_at desc);
`;
