import { Migration } from '@mikro-orm/migrations';

/**
 * How an agreement came to be in force, and what happened after a suspension (docs/agreements.md):
 * - a signature is recorded with who signed, when they signed (which may be before it was recorded: a copy signed at
 *   home comes back by post) and how; `signature_recorded_at` keeps when the social worker wrote it down;
 * - the meeting with the parent after a three-strikes suspension (docs/domain.md rule 8) is kept append-only, like a
 *   review: when it was held, which family members and who else attended, and what was agreed.
 */
export class Migration0013AgreementSigning extends Migration {
  override name = '0013-agreement-signing';

  override up(): void {
    this.addSql(AGREEMENT_SIGNING_SQL);
  }
}

const AGREEMENT_SIGNING_SQL = /* sql */ `
alter table contact_agreement
  add column signed_via text check (signed_via in ('in_person', 'by_post', 'by_email', 'electronic')),
  add column signature_recorded_at timestamptz;

create table suspension_meeting (
  id uuid primary key,
  council_id uuid not null,
  agreement_id uuid not null,
  held_at timestamptz not null,
  family_member_ids uuid[] not null check (cardinality(family_member_ids) between 1 and 20),
  other_attendees text[] not null default '{}' check (cardinality(other_attendees) <= 20),
  agreed text not null check (length(agreed) between 1 and 4000),
  recorded_at timestamptz not null,
  recorded_by_id uuid not null,
  check (held_at <= recorded_at),
  foreign key (council_id, agreement_id) references contact_agreement (council_id, id) deferrable initially deferred,
  foreign key (council_id, recorded_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index suspension_meeting_agreement on suspension_meeting (agreement_id, held_at);
create trigger suspension_meeting_append_only before update or delete on suspension_meeting
  for each row execute function refuse_change();
`;
