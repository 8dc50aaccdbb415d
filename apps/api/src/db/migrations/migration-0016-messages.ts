import { Migration } from '@mikro-orm/migrations';

/**
 * Messages sent outside the dashboard (docs/notifications.md): one row per message to one person by one channel, from
 * the moment it is planned to its delivery or failure, never deleted. A message is planned once: the key names what
 * caused it (the outbox event or the due moment), its purpose and its recipient, and the database refuses a second
 * row with the same key, so a retry or a crash can never plan it twice. The planner's place in the outbox is one row.
 *
 * Also the contact details messages need: a family member's or carer's preferred channel and "do not contact", a
 * carer's email, a staff member's mobile number (escalations go by text as well as email), and whether the council
 * writes to families in Welsh alongside English.
 */
export class Migration0016Messages extends Migration {
  override name = '0016-messages';

  override up(): void {
    this.addSql(MESSAGES_SQL);
  }
}

const MESSAGES_SQL = /* sql */ `
alter table council add column message_languages text not null default 'en'
  check (message_languages in ('en', 'cy_en'));

alter table family_member add column contact_by text check (contact_by in ('email', 'sms', 'letter'));
alter table family_member add column do_not_contact boolean not null default false;
alter table family_member add column do_not_contact_reason text check (length(do_not_contact_reason) <= 500);
alter table carer add column email text;
alter table carer add column contact_by text check (contact_by in ('email', 'sms', 'letter'));
alter table carer add column do_not_contact boolean not null default false;
alter table carer add column do_not_contact_reason text check (length(do_not_contact_reason) <= 500);
alter table staff_user add column mobile text;

create table message (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  dedupe_key text not null check (length(dedupe_key) between 1 and 300),
  event_id bigint,
  purpose text not null,
  centre_id uuid,
  child_id uuid,
  session_id uuid,
  agreement_id uuid,
  flag_id uuid,
  observation_id uuid,
  recipient_kind text not null check (recipient_kind in ('family_member', 'carer', 'staff')),
  recipient_id uuid not null,
  channel text not null check (channel in ('email', 'sms', 'letter')),
  languages text not null default 'en' check (languages in ('en', 'cy_en')),
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'sent', 'delivered', 'failed', 'not_sent')),
  not_sent_reason text check (not_sent_reason in ('do_not_contact', 'no_contact_details', 'channel_not_configured')),
  attempts int not null default 0 check (attempts >= 0),
  last_error text check (length(last_error) <= 500),
  provider text check (provider in ('smtp', 'notify')),
  provider_ref text,
  planned_at timestamptz not null default now(),
  sending_at timestamptz,
  sent_at timestamptz,
  delivered_at timestamptz,
  failed_at timestamptz,
  unique (council_id, id),
  unique (council_id, dedupe_key),
  check ((status = 'not_sent') = (not_sent_reason is not null)),
  foreign key (council_id, centre_id) references centre (council_id, id) deferrable initially deferred,
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, session_id) references session (council_id, id) deferrable initially deferred,
  foreign key (council_id, flag_id) references safeguarding_flag (council_id, id) deferrable initially deferred
);
create index message_session on message (session_id, planned_at) where session_id is not null;
create index message_child on message (child_id, planned_at) where child_id is not null;
create index message_failed on message (centre_id, failed_at) where status = 'failed';
create index message_unfinished on message (status, planned_at) where status in ('queued', 'sending', 'sent');

-- Where the planner has read the outbox to. It starts at the newest event when Kinroom is installed or upgraded:
-- what happened before messages existed is not announced afterwards.
create table message_cursor (
  id int primary key default 1 check (id = 1),
  last_event_id bigint not null
);
insert into message_cursor (id, last_event_id) select 1, coalesce(max(id), 0) from event;
`;
