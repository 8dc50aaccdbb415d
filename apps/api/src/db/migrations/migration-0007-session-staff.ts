import { Migration } from '@mikro-orm/migrations';

/**
 * A person can be in one place at a time (docs/domain.md rule 3), whatever their part in each session. The foundation
 * refuses a supervisor in two sessions at once and a second member of staff in two, but each column only against
 * itself: someone could supervise in one room while booked as second member of staff in another. Each session's
 * staff are therefore also kept one row per person in `session_staff`, written only by a trigger on `session`, and
 * one exclusion constraint there refuses any person held by two sessions whose spans overlap (the same span the
 * room is held for: arrivals, departure and tidying, computed by `session_hold_span`).
 *
 * Only contact supervisors may staff a session: active, and working at the session's centre. The API checks this
 * first, with a plain message; a constraint trigger checked at commit (when every row of the unit of work is in
 * place, as the deferred foreign keys are) makes sure nothing else can store it.
 */
export class Migration0007SessionStaff extends Migration {
  override name = '0007-session-staff';

  override up(): void {
    this.addSql(SESSION_STAFF_SQL);
  }
}

const SESSION_STAFF_SQL = /* sql */ `
create table session_staff (
  session_id uuid not null,
  council_id uuid not null,
  staff_id uuid not null,
  slot text not null check (slot in ('supervisor', 'second_staff')),
  during tstzrange not null,
  cancelled boolean not null,
  primary key (session_id, staff_id),
  foreign key (council_id, session_id) references session (council_id, id) on delete cascade deferrable initially deferred,
  foreign key (council_id, staff_id) references staff_user (council_id, id) deferrable initially deferred,
  constraint session_staff_no_double_booking exclude using gist (staff_id with =, during with &&) where (not cancelled)
);

-- Kept in step with each session. Only a change of staff, of the held span or to cancelled rewrites the rows, so
-- recording a session's steps does not touch them.
create function session_staff_sync() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and new.supervisor_id = old.supervisor_id
     and new.second_staff_id is not distinct from old.second_staff_id
     and new.held_from = old.held_from and new.held_until = old.held_until
     and (new.status = 'cancelled') = (old.status = 'cancelled') then
    return null;
  end if;
  delete from session_staff where session_id = new.id;
  insert into session_staff (session_id, council_id, staff_id, slot, during, cancelled)
  select new.id, new.council_id, x.staff_id, x.slot, tstzrange(new.held_from, new.held_until, '[)'),
         new.status = 'cancelled'
    from (values (new.supervisor_id, 'supervisor'), (new.second_staff_id, 'second_staff')) as x (staff_id, slot)
   where x.staff_id is not null;
  return null;
end $$;
create trigger session_staff_sync after insert or update on session
  for each row execute function session_staff_sync();

-- Sessions booked before this rule: the first booked keeps its place; a session that already clashed with an
-- earlier one is left as it was (no row is refused for it), and a later move or change of its staff must clear
-- the clash. Past sessions have long ended, so in practice this only matters for the future.
insert into session_staff (session_id, council_id, staff_id, slot, during, cancelled)
select s.id, s.council_id, x.staff_id, x.slot, tstzrange(s.held_from, s.held_until, '[)'), s.status = 'cancelled'
  from session s
  cross join lateral (values (s.supervisor_id, 'supervisor'), (s.second_staff_id, 'second_staff')) as x (staff_id, slot)
 where x.staff_id is not null
 order by s.created_at, s.id
on conflict do nothing;

-- From here on, written only through session_staff_sync (which runs one level down): a row removed or changed by
-- hand would let a double booking through.
create function session_staff_written_by_trigger() returns trigger language plpgsql as $$
begin
  if pg_trigger_depth() < 2 then
    raise exception 'session_staff follows the session table and cannot be changed directly'
      using errcode = 'P0001', hint = 'session/staff-derived';
  end if;
  return coalesce(new, old);
end $$;
create trigger session_staff_written_by_trigger before insert or update or delete on session_staff
  for each row execute function session_staff_written_by_trigger();
create trigger session_staff_no_truncate before truncate on session_staff
  for each statement execute function refuse_truncate();

create function session_staff_eligible() returns trigger language plpgsql as $$
begin
  if new.status = 'cancelled' then
    return null;
  end if;
  if tg_op = 'UPDATE'
     and new.supervisor_id = old.supervisor_id
     and new.second_staff_id is not distinct from old.second_staff_id
     and new.centre_id = old.centre_id then
    return null;
  end if;
  if exists (
    select 1
      from (values (new.supervisor_id), (new.second_staff_id)) as x (staff_id)
     where x.staff_id is not null
       and not exists (
         select 1 from staff_user u
          where u.id = x.staff_id and u.council_id = new.council_id and u.role = 'supervisor' and u.active
            and u.centre_id = new.centre_id)) then
    raise exception 'A session''s supervisor and second member of staff must be active contact supervisors of its centre'
      using errcode = 'P0001', hint = 'session/staff-not-eligible';
  end if;
  return null;
end $$;
create constraint trigger session_staff_eligible after insert or update on session
  deferrable initially deferred for each row execute function session_staff_eligible();
`;
