import { Migration } from '@mikro-orm/migrations';

/**
 * The foundation schema. Written by hand because the rules that matter most live in the database itself:
 * tenancy by composite foreign keys (nothing references a row of another council), double booking refused by
 * exclusion constraints, final evidence immutable and the access log append-only by triggers, retention enforced
 * on delete, and an event outbox whose ids commit in order.
 */
export class Migration0001Foundation extends Migration {
  override name = '0001-foundation';

  // Foreign keys are checked at commit: aggregates reference each other by id, so the order in which one
  // unit of work inserts its rows carries no meaning.
  override up(): void {
    this.addSql(FOUNDATION_SQL);
  }
}

const FOUNDATION_SQL = /* sql */ `
create extension if not exists btree_gist;

create table council (
  id uuid primary key,
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create table centre (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  name text not null,
  address text not null,
  opening_hours jsonb not null,
  turnover_minutes int not null default 15 check (turnover_minutes between 0 and 120),
  created_at timestamptz not null default now(),
  unique (council_id, id)
);

create table room (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  centre_id uuid not null,
  name text not null,
  capacity int not null check (capacity between 1 and 100),
  facilities text[] not null default '{}',
  condition text not null default 'ready' check (condition in ('ready', 'needs_tidying', 'out_of_service')),
  condition_note text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  unique (council_id, id),
  unique (centre_id, name),
  foreign key (council_id, centre_id) references centre (council_id, id) deferrable initially deferred
);

create table staff_user (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  centre_id uuid,
  name text not null,
  email text not null,
  role text not null check (role in ('centre_manager', 'supervisor', 'social_worker', 'integrator', 'admin')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (council_id, id),
  unique (email),
  foreign key (council_id, centre_id) references centre (council_id, id) deferrable initially deferred
);

create table carer (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  name text not null,
  address text not null,
  phone text,
  created_at timestamptz not null default now(),
  unique (council_id, id)
);

create table child (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  first_name text not null,
  last_name text not null,
  date_of_birth date not null,
  date_of_death date,
  carer_id uuid,
  school_pattern jsonb not null default '[]',
  retain_until date not null,
  created_at timestamptz not null default now(),
  unique (council_id, id),
  foreign key (council_id, carer_id) references carer (council_id, id) deferrable initially deferred,
  check (date_of_death is null or date_of_death >= date_of_birth)
);

create table family_member (
  id uuid primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  first_name text not null,
  last_name text not null,
  phone text,
  email text,
  work_pattern jsonb not null default '[]',
  created_at timestamptz not null default now(),
  unique (council_id, id)
);

create table child_family_member (
  council_id uuid not null,
  child_id uuid not null,
  family_member_id uuid not null,
  relationship text not null,
  primary key (child_id, family_member_id),
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, family_member_id) references family_member (council_id, id) deferrable initially deferred
);

create table child_case (
  id uuid primary key,
  council_id uuid not null,
  child_id uuid not null,
  social_worker_id uuid not null,
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  unique (council_id, id),
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, social_worker_id) references staff_user (council_id, id) deferrable initially deferred,
  check (closed_at is null or closed_at >= opened_at)
);
create unique index child_case_one_open on child_case (child_id) where closed_at is null;
create index child_case_social_worker on child_case (social_worker_id) where closed_at is null;

create table contact_agreement (
  id uuid primary key,
  council_id uuid not null,
  child_id uuid not null,
  centre_id uuid not null,
  contact_type text not null check (contact_type in ('supervised', 'supported')),
  supervision_level text not null check (supervision_level in ('supported', 'supervised', 'high_vigilance')),
  supervision_reasons text[] not null default '{}',
  risk_factors text[] not null default '{}',
  sessions_per_week int not null check (sessions_per_week between 1 and 14),
  session_minutes int not null check (session_minutes between 15 and 480),
  transport_plan text not null,
  travel_support text,
  conditions text[] not null default '{}',
  signed_at timestamptz,
  signed_by text,
  status text not null default 'draft' check (status in ('draft', 'active', 'suspended', 'ended')),
  review_date date not null,
  created_by_id uuid not null,
  supersedes_id uuid,
  ended_at timestamptz,
  version int not null default 1,
  created_at timestamptz not null default now(),
  unique (council_id, id),
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, centre_id) references centre (council_id, id) deferrable initially deferred,
  foreign key (council_id, created_by_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, supersedes_id) references contact_agreement (council_id, id) deferrable initially deferred,
  check (status = 'draft' or (signed_at is not null and signed_by is not null))
);
create index contact_agreement_child on contact_agreement (child_id);

create table agreement_participant (
  council_id uuid not null,
  agreement_id uuid not null,
  family_member_id uuid not null,
  primary key (agreement_id, family_member_id),
  foreign key (council_id, agreement_id) references contact_agreement (council_id, id) deferrable initially deferred,
  foreign key (council_id, family_member_id) references family_member (council_id, id) deferrable initially deferred
);

create table session (
  id uuid primary key,
  council_id uuid not null,
  centre_id uuid not null,
  room_id uuid not null,
  supervisor_id uuid not null,
  second_staff_id uuid,
  agreement_id uuid not null,
  child_id uuid not null,
  kind text not null check (kind in ('contact', 'pre_contact_visit', 'planning_meeting')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  turnover_minutes int not null check (turnover_minutes between 0 and 120),
  held_from timestamptz not null,
  held_until timestamptz not null,
  status text not null default 'scheduled' check (status in
    ('scheduled', 'parent_arrived', 'child_arrived', 'in_progress', 'ended', 'cancelled', 'not_attended')),
  parent_arrived_at timestamptz,
  child_arrived_at timestamptz,
  started_at timestamptz,
  ended_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by_id uuid,
  cancellation_reason text check (cancellation_reason in ('child_ill', 'medical_appointment', 'school_appointment', 'other')),
  cancellation_note text,
  family_informed_at timestamptz,
  continuity_note text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (council_id, id),
  foreign key (council_id, centre_id) references centre (council_id, id) deferrable initially deferred,
  foreign key (council_id, room_id) references room (council_id, id) deferrable initially deferred,
  foreign key (council_id, supervisor_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, second_staff_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, agreement_id) references contact_agreement (council_id, id) deferrable initially deferred,
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, cancelled_by_id) references staff_user (council_id, id) deferrable initially deferred,
  check (ends_at > starts_at),
  check (status <> 'cancelled' or (cancelled_at is not null and cancellation_reason is not null and cancelled_by_id is not null)),
  check (second_staff_id is null or second_staff_id <> supervisor_id)
);

-- The span a booking holds its room and its staff (docs/domain.md rules 2 and 3): the parent arrives 15 minutes before
-- the child and leaves 15 minutes after, then the room is tidied. Computed here, not trusted from the client.
create function session_hold_span() returns trigger language plpgsql as $$
begin
  new.held_from := new.starts_at - interval '15 minutes';
  new.held_until := new.ends_at + interval '15 minutes' + make_interval(mins => new.turnover_minutes);
  return new;
end $$;
create trigger session_hold_span before insert or update on session
  for each row execute function session_hold_span();

alter table session add constraint session_room_no_double_booking
  exclude using gist (room_id with =, tstzrange(held_from, held_until, '[)') with &&) where (status <> 'cancelled');
alter table session add constraint session_supervisor_no_double_booking
  exclude using gist (supervisor_id with =, tstzrange(held_from, held_until, '[)') with &&) where (status <> 'cancelled');
alter table session add constraint session_second_staff_no_double_booking
  exclude using gist (second_staff_id with =, tstzrange(held_from, held_until, '[)') with &&)
  where (status <> 'cancelled' and second_staff_id is not null);
create index session_centre_time on session (centre_id, starts_at);
create index session_child_time on session (child_id, starts_at desc, id desc);
create index session_supervisor_time on session (supervisor_id, starts_at);
create index session_agreement on session (agreement_id, starts_at);

create table attendance (
  id uuid primary key,
  council_id uuid not null,
  session_id uuid not null unique,
  outcome text not null check (outcome in
    ('attended', 'late_within_grace', 'explained_absence', 'centre_cancelled', 'unexplained_no_show')),
  minutes_late int check (minutes_late >= 0),
  recorded_by_id uuid,
  recorded_at timestamptz not null default now(),
  note text,
  foreign key (council_id, session_id) references session (council_id, id) deferrable initially deferred,
  foreign key (council_id, recorded_by_id) references staff_user (council_id, id) deferrable initially deferred
);

create table absence_notice (
  id uuid primary key,
  council_id uuid not null,
  session_id uuid not null,
  received_at timestamptz not null,
  received_by_id uuid not null,
  given_by text not null,
  reason text not null,
  created_at timestamptz not null default now(),
  foreign key (council_id, session_id) references session (council_id, id) deferrable initially deferred,
  foreign key (council_id, received_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create index absence_notice_session on absence_notice (session_id);

create table suspension_notice (
  id uuid primary key,
  council_id uuid not null,
  agreement_id uuid not null unique,
  issued_at timestamptz not null,
  decision text not null,
  reasons text[] not null,
  missed_session_ids uuid[] not null,
  duration text not null,
  parent_actions text[] not null,
  foreign key (council_id, agreement_id) references contact_agreement (council_id, id) deferrable initially deferred
);

create table observation (
  id uuid primary key,
  council_id uuid not null,
  session_id uuid not null unique,
  child_id uuid not null,
  author_id uuid not null,
  reviewer_id uuid,
  status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'final')),
  sections jsonb not null default '[]',
  return_reason text,
  due_at timestamptz not null,
  submitted_at timestamptz,
  approved_at timestamptz,
  finalised_at timestamptz,
  content_hash text,
  previous_hash text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (council_id, id),
  foreign key (council_id, session_id) references session (council_id, id) deferrable initially deferred,
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, author_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, reviewer_id) references staff_user (council_id, id) deferrable initially deferred,
  check (reviewer_id is null or reviewer_id <> author_id),
  check (status <> 'final' or (content_hash is not null and finalised_at is not null))
);
create index observation_child on observation (child_id);

create table observation_amendment (
  id uuid primary key,
  council_id uuid not null,
  observation_id uuid not null,
  child_id uuid not null,
  author_id uuid not null,
  reason text not null,
  text text not null,
  created_at timestamptz not null default now(),
  content_hash text not null,
  previous_hash text,
  foreign key (council_id, observation_id) references observation (council_id, id) deferrable initially deferred,
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, author_id) references staff_user (council_id, id) deferrable initially deferred
);
create index observation_amendment_observation on observation_amendment (observation_id, created_at);

-- Evidence is never edited once final (docs/domain.md rule 9): only amendments, which are themselves append-only.
create function observation_final_is_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status = 'final' then
      raise exception 'a final observation record cannot be deleted' using errcode = 'P0001', hint = 'observation/final-immutable';
    end if;
    return old;
  end if;
  if old.status = 'final' then
    raise exception 'a final observation record cannot be changed; add an amendment' using errcode = 'P0001', hint = 'observation/final-immutable';
  end if;
  return new;
end $$;
create trigger observation_final_is_immutable before update or delete on observation
  for each row execute function observation_final_is_immutable();

create function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% rows are append-only', tg_table_name using errcode = 'P0001', hint = 'record/append-only';
end $$;
create trigger observation_amendment_append_only before update or delete on observation_amendment
  for each row execute function refuse_change();

create table safeguarding_flag (
  id uuid primary key,
  council_id uuid not null,
  centre_id uuid not null,
  child_id uuid not null,
  session_id uuid,
  category text not null check (category in ('physical_harm', 'emotional_harm', 'neglect', 'sexual_harm',
    'abduction_attempt', 'inappropriate_conversation', 'intoxication', 'disclosure', 'other')),
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  description text not null check (length(description) between 1 and 10000),
  raised_by_id uuid not null,
  raised_at timestamptz not null,
  acknowledge_by timestamptz not null,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'escalated', 'resolved')),
  resolved_at timestamptz,
  resolved_by_id uuid,
  outcome text,
  version int not null default 1,
  unique (council_id, id),
  foreign key (council_id, centre_id) references centre (council_id, id) deferrable initially deferred,
  foreign key (council_id, child_id) references child (council_id, id) deferrable initially deferred,
  foreign key (council_id, session_id) references session (council_id, id) deferrable initially deferred,
  foreign key (council_id, raised_by_id) references staff_user (council_id, id) deferrable initially deferred,
  foreign key (council_id, resolved_by_id) references staff_user (council_id, id) deferrable initially deferred,
  check (status <> 'resolved' or (resolved_at is not null and outcome is not null))
);
create index safeguarding_flag_open on safeguarding_flag (centre_id, raised_at desc) where status <> 'resolved';
create index safeguarding_flag_child on safeguarding_flag (child_id, raised_at desc);

create table flag_acknowledgement (
  id uuid primary key,
  council_id uuid not null,
  flag_id uuid not null,
  user_id uuid not null,
  acknowledged_at timestamptz not null,
  note text,
  unique (flag_id, user_id),
  foreign key (council_id, flag_id) references safeguarding_flag (council_id, id) deferrable initially deferred,
  foreign key (council_id, user_id) references staff_user (council_id, id) deferrable initially deferred
);

create table flag_escalation (
  id uuid primary key,
  council_id uuid not null,
  flag_id uuid not null,
  escalated_by_id uuid,
  escalated_at timestamptz not null,
  reason text not null,
  foreign key (council_id, flag_id) references safeguarding_flag (council_id, id) deferrable initially deferred,
  foreign key (council_id, escalated_by_id) references staff_user (council_id, id) deferrable initially deferred
);
create trigger flag_acknowledgement_append_only before update or delete on flag_acknowledgement
  for each row execute function refuse_change();
create trigger flag_escalation_append_only before update or delete on flag_escalation
  for each row execute function refuse_change();

-- The outbox of everything a live view shows. Ids are taken under a transaction-scoped lock so that they become
-- visible in id order: a reader that has seen id N can never later meet a committed id below N.
create table event (
  id bigint primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  centre_id uuid,
  child_id uuid,
  topic text not null,
  kind text not null,
  subject_id uuid,
  payload jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create sequence event_id_seq as bigint owned by event.id;
create function event_take_id() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(7301001);
  new.id := nextval('event_id_seq');
  return new;
end $$;
create trigger event_take_id before insert on event for each row execute function event_take_id();
create function event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('kinroom_event', new.id::text);
  return null;
end $$;
create trigger event_notify after insert on event for each row execute function event_notify();
create trigger event_append_only before update or delete on event for each row execute function refuse_change();

create table access_log (
  id bigserial primary key,
  council_id uuid not null references council (id) deferrable initially deferred,
  user_id uuid,
  role text not null,
  child_id uuid,
  fields text[] not null default '{}',
  operation text,
  reason text not null,
  at timestamptz not null default now()
);
create index access_log_child on access_log (child_id, at desc);
create trigger access_log_append_only before update or delete on access_log
  for each row execute function refuse_change();

-- A child's record is kept until its retention date (docs/domain.md rule 12).
create function child_retention_guard() returns trigger language plpgsql as $$
begin
  if old.retain_until > current_date then
    raise exception 'this child''s record must be kept until %', old.retain_until using errcode = 'P0001', hint = 'record/retention';
  end if;
  return old;
end $$;
create trigger child_retention_guard before delete on child for each row execute function child_retention_guard();
`;
