import { Migration } from '@mikro-orm/migrations';

/**
 * What a council needs to run Kinroom without touching SQL (docs/set-up.md):
 * - staff sign in through the council's identity provider, matched by its stable subject; signing out ends every
 *   token issued before it;
 * - integrators' machine clients hold API keys, stored only as hashes, each with its scopes, revocable at once;
 * - every change made through the API, an import or the first-run command is kept, append-only, in `change_log`;
 * - the records a case system also holds carry that system's id (`external_id`), so that importing or syncing twice
 *   changes nothing the second time;
 * - the records an integrator lists "changed since" carry `change_seq`, taken in commit order under the event
 *   outbox's lock, so that a reader that has seen N never later meets a committed change below N.
 */
export class Migration0011SetUp extends Migration {
  override name = '0011-set-up';

  override up(): void {
    this.addSql(SET_UP_SQL);
  }
}

const SET_UP_SQL = /* sql */ `
alter table staff_user
  add column oidc_subject text check (oidc_subject is null or length(oidc_subject) between 1 and 255),
  add column signed_out_before timestamptz,
  add column deactivated_at timestamptz,
  add column updated_at timestamptz not null default now();
create unique index staff_user_oidc_subject on staff_user (oidc_subject) where oidc_subject is not null;

create table api_key (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  client_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  key_prefix text not null,
  key_hash bytea not null unique,
  scopes text[] not null check (cardinality(scopes) > 0 and scopes <@ array['read', 'write', 'carers']),
  created_by_id uuid not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by_id uuid,
  last_used_at timestamptz,
  unique (council_id, id),
  foreign key (council_id, client_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, created_by_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, revoked_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index api_key_client on api_key (client_id);

create table change_log (
  id bigserial primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  record_type text not null,
  record_id uuid not null,
  action text not null,
  changed_by_id uuid,
  via text not null check (via in ('dashboard', 'api', 'import', 'command', 'sign_in')),
  changes jsonb not null default '{}',
  at timestamptz not null default now(),
  foreign key (council_id, changed_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index change_log_record on change_log (record_id, id);
create index change_log_council on change_log (council_id, id desc);
create trigger change_log_append_only before update or delete on change_log
  for each row execute function refuse_change();

alter table child add column external_id text check (external_id is null or length(external_id) between 1 and 100);
alter table family_member
  add column external_id text check (external_id is null or length(external_id) between 1 and 100),
  add column address text;
alter table carer add column external_id text check (external_id is null or length(external_id) between 1 and 100);
alter table child_case add column external_id text check (external_id is null or length(external_id) between 1 and 100);
create unique index child_external_id on child (council_id, external_id) where external_id is not null;
create unique index family_member_external_id on family_member (council_id, external_id) where external_id is not null;
create unique index carer_external_id on carer (council_id, external_id) where external_id is not null;
create unique index child_case_external_id on child_case (council_id, external_id) where external_id is not null;
alter table child_family_member add column parental_responsibility boolean not null default false;

-- Changes in commit order, for integrators' "changed since" lists: the same lock as the event outbox's ids.
create sequence record_change_seq as bigint;
create function take_change_seq() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(7301001);
  new.change_seq := nextval('record_change_seq');
  return new;
end $$;
alter table child add column change_seq bigint;
alter table child_case add column change_seq bigint;
alter table contact_agreement add column change_seq bigint;
alter table session add column change_seq bigint;
update child set change_seq = nextval('record_change_seq');
update child_case set change_seq = nextval('record_change_seq');
update contact_agreement set change_seq = nextval('record_change_seq');
update session set change_seq = nextval('record_change_seq');
alter table child alter column change_seq set not null;
alter table child_case alter column change_seq set not null;
alter table contact_agreement alter column change_seq set not null;
alter table session alter column change_seq set not null;
create index child_change_seq on child (council_id, change_seq);
create index child_case_change_seq on child_case (council_id, change_seq);
create index contact_agreement_change_seq on contact_agreement (council_id, change_seq);
create index session_change_seq on session (council_id, change_seq);
create trigger child_take_change_seq before insert or update on child
  for each row execute function take_change_seq();
create trigger child_case_take_change_seq before insert or update on child_case
  for each row execute function take_change_seq();
create trigger contact_agreement_take_change_seq before insert or update on contact_agreement
  for each row execute function take_change_seq();
create trigger session_take_change_seq before insert or update on session
  for each row execute function take_change_seq();
`;
