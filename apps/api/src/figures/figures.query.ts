import {
  addDaysToDateKey,
  ATTENDANCE_OUTCOMES,
  countsAsStrike,
  figureWeeks,
  fromLondonDateKey,
  openMinutesInWeek,
  REPORT_DUE_WORKING_DAYS,
  resetsStrikes,
  share,
  workingDaysBetween,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCentre } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import { councilNation } from '../centres/council-nation.js';
import { badInput, notFound } from '../common/errors.js';
import { pgArray } from '../db/pg-array.js';
import { Room } from '../rooms/room.entity.js';
import type { CentreFiguresType, FiguresPeriodType, RoomUseType } from './figures.type.js';

/** The London week (its Monday, `YYYY-MM-DD`) of a timestamp column: PostgreSQL's weeks start on Monday. */
const week = (column: string) =>
  `to_char(date_trunc('week', ${column} at time zone 'Europe/London'), 'YYYY-MM-DD')`;

// What counts as attending and as an unexplained absence is the domain's (docs/domain.md rule 8).
const ATTENDED = pgArray(ATTENDANCE_OUTCOMES.filter(resetsStrikes));
const UNEXPLAINED = pgArray(ATTENDANCE_OUTCOMES.filter(countsAsStrike));

// Each statement groups its rows by week and, through the empty grouping set, over the whole range at once: the row
// whose `week` is null is the range's. One statement per figure, whatever the number of weeks and rooms.

const ATTENDANCE_SQL = `
  select week,
         count(*) filter (where outcome = any(?::text[]))::int as attended,
         count(*) filter (where outcome <> 'centre_cancelled')::int as recorded,
         count(*) filter (where outcome = any(?::text[]))::int as unexplained
    from (select ${week('s.starts_at')} as week, a.outcome
            from session s
            join attendance a on a.session_id = s.id
           where s.centre_id = ? and s.council_id = ? and s.starts_at >= ? and s.starts_at < ?) x
   group by grouping sets ((week), ())`;

const FIRST_SESSION_SQL = `
  select week, percentile_cont(0.5) within group (order by days) as median, count(*)::int as started
    from (select ${week('f.first_at')} as week,
                 ((f.first_at at time zone 'Europe/London')::date
                   - (f.signed_at at time zone 'Europe/London')::date)::float8 as days
            from (select a.signed_at, min(s.starts_at) as first_at
                    from contact_agreement a
                    join session s on s.agreement_id = a.id
                   where a.centre_id = ? and a.council_id = ? and a.signed_at is not null
                     and s.kind = 'contact' and s.started_at is not null and s.status <> 'cancelled'
                   group by a.id, a.signed_at) f
           where f.first_at >= ? and f.first_at < ?) x
   group by grouping sets ((week), ())`;

// A record opened carries its due time (set from its session when it was opened); for a session nobody has opened a
// record for, the due day is the 5th working day after the London day it ended (report-due.ts), counted in the
// working days sent with the statement, and the due time the end of that day.
const REPORTS_SQL = `
  select week, count(*) filter (where on_time)::int as on_time, count(*)::int as due
    from (select ${week('r.due_at')} as week, coalesce(r.status = 'final' and r.finalised_at <= r.due_at, false) as on_time,
                 r.due_at
            from (select o.status, o.finalised_at,
                         coalesce(o.due_at,
                                  (w.day + 1)::timestamp at time zone 'Europe/London' - interval '1 millisecond') as due_at
                    from session s
                    join contact_agreement a on a.id = s.agreement_id
                    left join observation o on o.session_id = s.id
                    left join lateral (select d as day from unnest(?::date[]) d
                                        where d > (coalesce(s.ended_at, s.ends_at) at time zone 'Europe/London')::date
                                        order by d offset ? limit 1) w on true
                   where s.centre_id = ? and s.council_id = ?
                     and a.contact_type = 'supervised' and s.kind = 'contact' and s.started_at is not null
                     and s.status not in ('cancelled', 'not_attended')
                     and coalesce(s.ended_at, s.ends_at) >= ? and coalesce(s.ended_at, s.ends_at) < ?) r
           where r.due_at >= ? and r.due_at < ?) x
   where on_time or due_at <= ?
   group by grouping sets ((week), ())`;

const FLAGS_SQL = `
  select week,
         percentile_cont(0.5) within group (order by minutes) filter (where minutes is not null) as median,
         count(minutes)::int as acknowledged,
         count(*) filter (where minutes is null)::int as unacknowledged
    from (select ${week('f.raised_at')} as week,
                 (extract(epoch from (select min(k.acknowledged_at) from flag_acknowledgement k where k.flag_id = f.id)
                   - f.raised_at) / 60)::float8 as minutes
            from safeguarding_flag f
           where f.centre_id = ? and f.council_id = ? and f.raised_at >= ? and f.raised_at < ?) x
   group by grouping sets ((week), ())`;

const ROOMS_SQL = `
  select room_id, week, sum(minutes)::float8 as minutes
    from (select s.room_id, ${week('s.starts_at')} as week,
                 extract(epoch from s.ends_at - s.starts_at)::float8 / 60 as minutes
            from session s
           where s.centre_id = ? and s.council_id = ? and s.status <> 'cancelled'
             and s.starts_at >= ? and s.starts_at < ?) x
   group by grouping sets ((room_id, week), (room_id), (week), ())`;

type Week = { week: string | null };
type AttendanceRow = Week & { attended: number; recorded: number; unexplained: number };
type FirstSessionRow = Week & { median: number | null; started: number };
type ReportsRow = Week & { on_time: number; due: number };
type FlagsRow = Week & { median: number | null; acknowledged: number; unacknowledged: number };
type RoomsRow = Week & { room_id: string | null; minutes: number };

// A report due in the range belongs to a session that ended at most this long before it (5 working days and the
// longest run of bank holidays and weekends), and its due day is found within this long after the range ends.
const REPORT_LOOKBACK_DAYS = 21;

const byWeek = <R extends Week>(rows: R[]) => new Map(rows.map((r) => [r.week, r]));

/**
 * A centre's figures (docs/figures.md), week by week and over the whole range, counted by PostgreSQL in one
 * statement per figure. For the manager of the centre only (their own centre, `assertCentre`; the role gate keeps
 * everyone else out). Aggregates only: nothing names a child, so nothing is written to the access log.
 */
export class CentreFiguresQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  async forCentre(centreId: string, weeks: number): Promise<CentreFiguresType> {
    assertCentre(this.viewer, centreId);
    let keys: string[];
    try {
      keys = figureWeeks(this.now, weeks);
    } catch (err) {
      if (err instanceof RangeError) throw badInput(err.message, { field: 'weeks' });
      throw err;
    }
    const councilId = this.viewer.councilId;
    const centre = await this.em.findOne(Centre, { id: centreId, councilId });
    if (!centre) throw notFound('centre');
    const rooms = await this.em.find(Room, { centreId, councilId }, { orderBy: { name: 'asc', id: 'asc' } });

    const first = keys[0]!;
    const end = addDaysToDateKey(keys.at(-1)!, 7);
    const from = fromLondonDateKey(first, '00:00');
    const until = fromLondonDateKey(end, '00:00');
    const where = [centreId, councilId, from, until];
    const run = <R>(sql: string, params: unknown[]) => this.em.getConnection().execute<R[]>(sql, params);

    const attendance = await run<AttendanceRow>(ATTENDANCE_SQL, [ATTENDED, UNEXPLAINED, ...where]);
    const firstSessions = await run<FirstSessionRow>(FIRST_SESSION_SQL, where);
    const workingDays = workingDaysBetween(
      addDaysToDateKey(first, -REPORT_LOOKBACK_DAYS),
      addDaysToDateKey(end, REPORT_LOOKBACK_DAYS),
      await councilNation(this.em, councilId),
    );
    const reports = await run<ReportsRow>(REPORTS_SQL, [
      pgArray(workingDays),
      REPORT_DUE_WORKING_DAYS - 1,
      centreId,
      councilId,
      fromLondonDateKey(addDaysToDateKey(first, -REPORT_LOOKBACK_DAYS), '00:00'),
      until,
      from,
      until,
      this.now,
    ]);
    const flags = await run<FlagsRow>(FLAGS_SQL, where);
    const booked = await run<RoomsRow>(ROOMS_SQL, where);

    const a = byWeek(attendance);
    const f = byWeek(firstSessions);
    const r = byWeek(reports);
    const fl = byWeek(flags);
    const minutes = new Map(booked.map((b) => [`${b.room_id ?? ''}|${b.week ?? ''}`, b.minutes]));
    const openByWeek = new Map(keys.map((k) => [k, openMinutesInWeek(centre.openingHours, k)]));

    const period = (week: string | null): FiguresPeriodType => {
      const open = week ? openByWeek.get(week)! : [...openByWeek.values()].reduce((x, y) => x + y, 0);
      const use = (roomId: string | null, roomName: string, openMinutes: number): RoomUseType => {
        const bookedMinutes = minutes.get(`${roomId ?? ''}|${week ?? ''}`) ?? 0;
        return {
          roomId,
          roomName,
          bookedHours: bookedMinutes / 60,
          openHours: openMinutes / 60,
          rate: share(bookedMinutes, openMinutes),
        };
      };
      const att = a.get(week);
      const rep = r.get(week);
      const flag = fl.get(week);
      return {
        from: week ?? first,
        to: addDaysToDateKey(week ?? keys.at(-1)!, 6),
        attendanceRate: share(att?.attended ?? 0, att?.recorded ?? 0),
        sessionsAttended: att?.attended ?? 0,
        sessionsRecorded: att?.recorded ?? 0,
        unexplainedAbsences: att?.unexplained ?? 0,
        medianDaysToFirstSession: f.get(week)?.median ?? null,
        agreementsStarted: f.get(week)?.started ?? 0,
        reportsOnTimeRate: share(rep?.on_time ?? 0, rep?.due ?? 0),
        reportsOnTime: rep?.on_time ?? 0,
        reportsDue: rep?.due ?? 0,
        medianMinutesToAcknowledge: flag?.median ?? null,
        flagsAcknowledged: flag?.acknowledged ?? 0,
        flagsUnacknowledged: flag?.unacknowledged ?? 0,
        allRooms: use(null, 'All rooms', open * rooms.length),
        rooms: rooms.map((room) => use(room.id, room.name, open)),
      };
    };

    return {
      centreId,
      centreName: centre.name,
      at: this.now,
      weeks: keys.map(period),
      total: period(null),
    };
  }
}
