import { Migration } from '@mikro-orm/migrations';

/**
 * Absence notices and attendance corrections (docs/domain.md rules 7 and 8). A notice keeps two times: when the centre
 * says it received it (a claim) and when it was recorded (the server's clock), so that a notice typed in after the
 * start cannot pass for one given before it. An outcome changes after the fact only through a correction by the
 * centre's manager, kept with its reason, who made it, when, and from what to what. Neither row is ever rewritten.
 */
export class Migration0008AbsenceNotices extends Migration {
  override name = '0008-absence-notices';

  override up(): void {
    this.addSql(ABSENCE_NOTICES_SQL);
  }
}

const ABSENCE_NOTICES_SQL = /* sql */ `
alter table absence_notice add column recorded_at timestamptz;
update absence_notice set recorded_at = greatest(created_at, received_at);
alter table absence_notice alter column recorded_at set not null, alter column recorded_at set default now();
alter table absence_notice add constraint absence_notice_received_before_recorded check (received_at <= recorded_at);
create trigger absence_notice_never_rewritten before update on absence_notice
  for each row execute function refuse_change();

create table attendance_correction (
  id uuid primary key,
  council_id uuid not null,
  session_id uuid not null,
  from_outcome text not null,
  to_outcome text not null check (to_outcome in ('explained_absence', 'unexplained_no_show')),
  reason text not null check (length(reason) between 1 and 2000),
  corrected_by_id uuid not null,
  corrected_at timestamptz not null,
  check (from_outcome <> to_outcome),
  foreign key (council_id, session_id) references session (council_id, id) deferrable initially deferred,
  foreign key (council_id, corrected_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index attendance_correction_session on attendance_correction (session_id, corrected_at);
create trigger attendance_correction_never_rewritten before update on attendance_correction
  for each row execute function refuse_change();
create trigger attendance_correction_retention before delete on attendance_correction
  for each row execute function child_record_retention_guard('session');
create trigger attendance_correction_no_truncate before truncate on attendance_correction
  for each statement execute function refuse_truncate();
`;
