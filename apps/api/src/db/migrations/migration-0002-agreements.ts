import { Migration } from '@mikro-orm/migrations';

/**
 * What the contact agreement's life cycle needs beyond the foundation: why and by whom an agreement was ended
 * (a superseded one names its successor), a draft withdrawn unsigned, and the dated reviews a social worker holds, kept as an append-only
 * record because a review is part of the child's case history.
 */
export class Migration0002Agreements extends Migration {
  override name = '0002-agreements';

  override up(): void {
    this.addSql(AGREEMENTS_SQL);
  }
}

const AGREEMENTS_SQL = /* sql */ `
-- A draft that is withdrawn before anyone signs it ends unsigned; every agreement that was ever in force is signed.
alter table contact_agreement drop constraint contact_agreement_check;
alter table contact_agreement add constraint contact_agreement_signed_when_in_force
  check (status in ('draft', 'ended') or (signed_at is not null and signed_by is not null));

alter table contact_agreement
  add column end_reason text check (end_reason is null or length(end_reason) between 1 and 2000),
  add column ended_by_id uuid,
  add foreign key (council_id, ended_by_id) references staff_user (council_id, id) deferrable initially deferred;
create index contact_agreement_supersedes on contact_agreement (supersedes_id) where supersedes_id is not null;

create table agreement_review (
  id uuid primary key,
  council_id uuid not null,
  agreement_id uuid not null,
  reviewed_at timestamptz not null,
  reviewed_by_id uuid not null,
  summary text not null check (length(summary) between 1 and 4000),
  changes jsonb not null default '{}',
  previous_review_date date not null,
  next_review_date date not null,
  foreign key (council_id, agreement_id) references contact_agreement (council_id, id) deferrable initially deferred,
  foreign key (council_id, reviewed_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index agreement_review_agreement on agreement_review (agreement_id, reviewed_at);
create trigger agreement_review_append_only before update or delete on agreement_review
  for each row execute function refuse_change();

create index observation_overdue on observation (child_id, due_at) where status <> 'final';
create index access_log_user on access_log (user_id, at desc);
create index access_log_council on access_log (council_id, id desc);
`;
