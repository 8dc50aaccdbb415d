import { Migration } from '@mikro-orm/migrations';

/**
 * Recurring sessions (docs/sessions.md, "Recurring sessions"): a series is the weekly pattern a manager booked in one
 * go (the agreement, room and staff, and the pattern as iCalendar text), and each of its sessions names it. A session
 * of a series is otherwise an ordinary session: it is moved, cancelled and run on its own, and the exclusion
 * constraints guard it like any other.
 */
export class Migration0014SessionSeries extends Migration {
  override name = '0014-session-series';

  override up(): void {
    this.addSql(SESSION_SERIES_SQL);
  }
}

const SESSION_SERIES_SQL = /* sql */ `
create table session_series (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  agreement_id uuid not null,
  centre_id uuid not null,
  room_id uuid not null,
  supervisor_id uuid not null,
  second_staff_id uuid,
  kind text not null check (kind in ('contact', 'pre_contact_visit', 'planning_meeting')),
  rule text not null check (length(rule) between 1 and 2000),
  created_by_id uuid not null,
  created_at timestamptz not null default now(),
  unique (council_id, id),
  foreign key (council_id, agreement_id) references contact_agreement (council_id, id) deferrable initially deferred,
  foreign key (council_id, centre_id) references centre (council_id, id) deferrable initially deferred,
  foreign key (council_id, room_id) references room (council_id, id) deferrable initially deferred,
  foreign key (council_id, supervisor_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, second_staff_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, created_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index session_series_agreement on session_series (agreement_id);

alter table session add column series_id uuid;
alter table session add constraint session_series_member
  foreign key (council_id, series_id) references session_series (council_id, id) deferrable initially deferred;
create index session_series_time on session (series_id, starts_at) where series_id is not null;
`;
