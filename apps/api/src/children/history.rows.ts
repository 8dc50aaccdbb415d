import {
  ATTENDANCE_OUTCOMES,
  isNeutralOutcome,
  resetsStrikes,
  type AttendanceOutcome,
  type SessionOwingReport,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { childReadableSql, historyCentre } from '../access/index.js';
import type { AgreementStatus } from '../agreements/agreement.entity.js';
import { inStrikeRunSql, resetsStrikesSql } from '../agreements/three-strikes.service.js';
import type { Viewer } from '../auth/viewer.js';
import { queryPrepared } from '../db/prepared.js';
import { Observation, ObservationAmendment } from '../observations/observation.entity.js';
import type { KnownStaff } from '../observations/observation.type.js';
import { SafeguardingFlag } from '../safeguarding/flag.entity.js';
import type { SafeguardingFlagType } from '../safeguarding/flag.type.js';
import { Attendance, Session } from '../sessions/session.entity.js';
import { ColumnSets, readDate, RowColumns, type JsonRow } from '../db/row-columns.js';

export interface PageRow {
  session: Session;
  /** The session's start exactly as stored (microseconds), so that a cursor never falls between two sessions. */
  position: string;
  attendance: Attendance | null;
  observation: Observation | null;
  amendments: ObservationAmendment[];
  flags: SafeguardingFlagType[];
  /** What decides whether the session owes an observation record, when its report was asked for. */
  owing: SessionOwingReport | null;
}

/** A page entry as the statement writes it: positions, like its rows (see JsonRow). */
type RawPageRow = [
  session: JsonRow,
  position: string,
  attendance: JsonRow | null,
  observation: JsonRow | null,
  amendments: JsonRow[] | null,
  flags: JsonRow[] | null,
  owing:
    | [
        supervised: boolean,
        kind: string,
        status: string,
        startedAt: string | null,
        endedAt: string | null,
        endsAt: string,
      ]
    | null,
];

interface RawHistory {
  readable: boolean;
  page: RawPageRow[] | null;
  staff: KnownStaff[] | null;
}

/** The statement's summary columns, there when the summary was asked for. */
interface RawSummary {
  agreement_status: AgreementStatus | null;
  /** The child's recorded attendance in the asked range: sessions that count, and those attended. */
  counted: number;
  attended: number;
  /** The current agreement's sessions from the last one that resets the three-strikes run, as JSON. */
  run: { id: string; starts_at: string; outcome: AttendanceOutcome }[] | null;
  next_session: JsonRow | null;
}

export interface HistoryRequest {
  viewer: Viewer;
  childId: string;
  from: Date | null;
  to: Date | null;
  /** Keyset position: only sessions strictly before this one, newest first. */
  before: { startsAt: string; id: string } | null;
  limit: number;
  /** Which columns of the page's sessions to read, for the session fields asked for. */
  session: RowColumns<Session>;
  /** Which columns of the sessions' attendance to read, for the fields asked for (of the entry's or the session's). */
  attendance: RowColumns<Attendance>;
  /** Which columns of the page's observations to read, for the fields asked for; null to read none. */
  observations: RowColumns<Observation> | null;
  flags: boolean;
  /**
   * Whether to read what decides if each session owes an observation record (its agreement's contact type and how
   * it went), so that a record nobody started still shows as owed: from the page's own join, not a query per row.
   */
  owing: boolean;
  /** Whether to work out what the summary needs (a read that does not show it skips that part of the statement). */
  summary: boolean;
  now: Date;
}

/** What the summary of a history is worked out from. */
export interface HistorySummaryRows {
  /** Recorded attendance in the asked range that counts towards the rate (rule 8's neutral outcomes do not). */
  counted: number;
  /** Of those, the sessions the parent came to. */
  attended: number;
  agreementStatus: AgreementStatus | null;
  /**
   * The current agreement's attendance from its most recent session that resets the three-strikes run: walking back
   * from the newest session, the rule stops there, so nothing before it can change the verdict.
   */
  agreementRun: { id: string; startsAt: Date; outcome: AttendanceOutcome }[];
  nextSession: Session | null;
}

export interface HistoryRead {
  /** Null when the summary was not asked for. */
  summary: HistorySummaryRows | null;
  rows: PageRow[];
  /**
   * Everyone who wrote, reviewed or amended an observation on the page (when observations were read), to answer
   * `author` / `reviewer` without a query.
   */
  staff: KnownStaff[];
}

/**
 * The SQL of a history read: one statement that checks the viewer may read the child, works out what the summary
 * needs (when it is asked for), and reads the page with each session's attendance, observation, amendments and flags
 * folded in as JSON. Everything past the check is gated on it.
 *
 * The page is read down the (child, start) index and stops at its last row; the council is checked on those rows
 * (a session's council is its child's, by foreign key, so it never removes one; it is there so that no other
 * council's row could ever be shown), and each row's position is written only for the rows on the page.
 *
 * The JSON is read into plain objects with the fields of the entities the rest of the API uses (which lets the
 * batch loaders of nested fields be primed instead of queried), not into managed entities: a page is only ever
 * read, so it needs no identity map and no change tracking, and hydrating fifty sessions with their parts through
 * the ORM cost more than everything else the request does. The statement is prepared once per connection: its
 * text depends only on the viewer's role and which parts were asked for.
 */
export class HistoryRows {
  constructor(private readonly em: EntityManager) {}

  /** The history, or null when the child does not exist or the viewer may not read it: then nothing was read. */
  async read(req: HistoryRequest): Promise<HistoryRead | null> {
    const { viewer } = req;
    const readable = childReadableSql(viewer, req.childId);
    if (!readable) return null;
    const range = rangeSql('s', req.from, req.to);
    const centre = centreSql('s', historyCentre(viewer));
    const keyset = req.before ? 'and (s.starts_at, s.id) < (?::timestamptz, ?::uuid)' : '';
    // The records themselves (not only what their reports show): then their amendments and staff are read too.
    const records = req.observations !== null && req.observations !== OBSERVATION_COLUMNS.get('report');
    const observation = req.observations
      ? `${req.observations.sql('o')},
         ${
           records
             ? `(select json_agg(${AMENDMENT_ROWS.sql('m')} order by m.created_at, m.id) from observation_amendment m
                  where m.observation_id = o.id)`
             : 'null'
         }`
      : `null, null`;
    // The staff of the whole page's observations at once: looking them up row by row scanned the staff table once
    // per observation.
    const staff = records
      ? `(select json_agg(json_build_object('id', u.id, 'name', u.name, 'role', u.role)) from staff_user u
           where u.council_id = ? and u.id in (
             select x.id from page p join observation o on o.session_id = p.id
                    cross join lateral (select o.author_id union all select o.reviewer_id
                      union all select m.author_id from observation_amendment m where m.observation_id = o.id) x(id)))`
      : 'null';
    // The child's flags in the page's sessions, read once and grouped by session rather than looked up per session.
    // Materialized: on a large database the planner otherwise regrouped them for each of the page's rows.
    const flags = req.flags
      ? `, page_flags as materialized (
           select f.session_id, json_agg(${FLAG_ROWS.sql('f')} order by f.raised_at, f.id) as flags
             from safeguarding_flag f
            where f.child_id = ? and f.session_id in (select id from page)
            group by f.session_id)`
      : '';
    const summary = req.summary ? summarySql(req, viewer.councilId) : null;
    const rows = await queryPrepared<RawHistory & Partial<RawSummary>>(
      this.em,
      `with readable as (select ${readable.sql} as ok),
       page as (
         select s.* from session s
          where s.child_id = ? and (select ok from readable) ${range.sql} ${centre.sql} ${keyset}
          order by s.starts_at desc, s.id desc
          limit ?)
       ${flags}
       ${summary ? `, ${summary.ctes}` : ''}
       select
         (select ok from readable) as readable,
         ${summary ? summary.columns : ''}
         (select json_agg(r.entry order by r.starts_at desc, r.id desc) from (
            select p.starts_at, p.id, json_build_array(
                     ${req.session.sql('p')},
                     to_char(p.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     ${req.attendance.sql('a')}, ${observation},
                     ${req.flags ? 'g.flags' : 'null'},
                     ${
                       req.owing
                         ? `json_build_array(ca.contact_type = 'supervised', p.kind, p.status, p.started_at,
                              p.ended_at, p.ends_at)`
                         : 'null'
                     }) as entry
              from page p
              left join attendance a on a.session_id = p.id
              ${req.observations ? 'left join observation o on o.session_id = p.id' : ''}
              ${req.flags ? 'left join page_flags g on g.session_id = p.id' : ''}
              ${req.owing ? 'left join contact_agreement ca on ca.id = p.agreement_id' : ''}
             where p.council_id = ?) r) as page,
         ${staff} as staff`,
      [
        ...readable.params,
        req.childId,
        ...range.params,
        ...centre.params,
        ...(req.before ? [req.before.startsAt, req.before.id] : []),
        req.limit,
        ...(req.flags ? [req.childId] : []),
        ...(summary?.params ?? []),
        viewer.councilId,
        ...(records ? [viewer.councilId] : []),
      ],
    );
    const row = rows[0];
    if (!row?.readable) return null;
    return {
      summary: req.summary ? summaryFrom(row as RawHistory & RawSummary) : null,
      rows: (row.page ?? []).map(
        ([session, position, attendance, observation, amendments, flags, owing]) => ({
          session: req.session.read(session),
          position,
          attendance: attendance ? req.attendance.read(attendance) : null,
          observation: observation ? req.observations!.read(observation) : null,
          amendments: amendments ? amendments.map((m) => AMENDMENT_ROWS.read(m)) : [],
          flags: flags ? flags.map((f) => FLAG_ROWS.read(f)) : [],
          owing: owing && {
            supervised: owing[0],
            kind: owing[1] as SessionOwingReport['kind'],
            status: owing[2] as SessionOwingReport['status'],
            startedAt: dateOrNull(owing[3]),
            endedAt: dateOrNull(owing[4]),
            endsAt: date(owing[5]),
          },
        }),
      ),
      staff: row.staff ?? [],
    };
  }
}

/**
 * The part of the history statement that works out what the summary needs, for a read that asks for the summary.
 * One pass over the child's recorded attendance counts the rate and finds the current agreement's last session that
 * resets the three-strikes run; the run handed to the rule starts there (that session and any starting at the same
 * moment included: the rule stops at the reset either way). Gated on the `readable` CTE like the page.
 */
function summarySql(
  req: HistoryRequest,
  councilId: string,
): { ctes: string; columns: string; params: unknown[] } {
  const inRange = rangeSql('x', req.from, req.to);
  // A manager's summary is of their own centre's agreement and sessions, as their page is.
  const centreId = historyCentre(req.viewer);
  const agreementAt = centreSql('contact_agreement', centreId);
  const sessionAt = centreSql('s', centreId);
  return {
    ctes: `current_agreement as (
         select id, status from contact_agreement
          where child_id = ? and council_id = ? and (select ok from readable) ${agreementAt.sql}
          order by (status in ('active', 'suspended')) desc, signed_at desc nulls last, created_at desc, id desc
          limit 1),
       recorded as materialized (
         select s.id, s.starts_at, s.agreement_id, a.outcome::text as outcome
           from session s join attendance a on a.session_id = s.id
          where s.child_id = ? and s.council_id = ? and (select ok from readable) ${sessionAt.sql}),
       tally as (
         select count(*) filter (where not x.outcome = any (?::text[]) ${inRange.sql}) as counted,
                count(*) filter (where x.outcome = any (?::text[]) ${inRange.sql}) as attended,
                max(x.starts_at) filter (
                  where x.agreement_id = (select id from current_agreement) and ${resetsStrikesSql('x')}
                ) as last_reset
           from recorded x)`,
    columns: `(select status from current_agreement) as agreement_status,
         (select counted from tally)::int as counted,
         (select attended from tally)::int as attended,
         (select json_agg(json_build_object('id', x.id, 'starts_at', x.starts_at, 'outcome', x.outcome))
            from recorded x
           where x.agreement_id = (select id from current_agreement)
             and ${inStrikeRunSql('x', '(select last_reset from tally)')}) as run,
         (select ${SESSION_COLUMNS.all.sql('s')} from session s
           where s.child_id = ? and s.council_id = ? and (select ok from readable) ${sessionAt.sql}
             and s.status = 'scheduled' and s.starts_at > ?
           order by s.starts_at, s.id limit 1) as next_session,`,
    params: [
      req.childId,
      councilId,
      ...agreementAt.params,
      req.childId,
      councilId,
      ...sessionAt.params,
      NEUTRAL,
      ...inRange.params,
      RESETTING,
      ...inRange.params,
      req.childId,
      councilId,
      ...sessionAt.params,
      req.now,
    ],
  };
}

function summaryFrom(row: RawSummary): HistorySummaryRows {
  return {
    counted: row.counted,
    attended: row.attended,
    agreementStatus: row.agreement_status,
    agreementRun: (row.run ?? []).map((r) => ({ id: r.id, startsAt: date(r.starts_at), outcome: r.outcome })),
    nextSession: row.next_session ? SESSION_COLUMNS.all.read(row.next_session) : null,
  };
}

// The summary's outcome classes, from the domain's rules (rule 8), so that the statement counts what they say.
const RESETTING = ATTENDANCE_OUTCOMES.filter((o) => resetsStrikes(o));
const NEUTRAL = ATTENDANCE_OUTCOMES.filter((o) => isNeutralOutcome(o));

// Rows written by RowColumns.sql are read exactly as MikroORM would map them (history.int.test.ts compares the
// two): every stored property of the entity, from its metadata, under its name; timestamps as Dates, nulls as null.
// The objects are plain data for reading. Only the narrow sets are named here; a property added to an entity is
// read by the "all" set, and so by any selection of its field, without editing this file.

const date = (v: unknown): Date => readDate(v)!;
const dateOrNull = readDate;

/**
 * How a history statement writes the page's sessions, for the fields of `Session` asked for: what a list shows
 * (the session itself, with its child, attendance and arrival plan), what a day of it looked like (room,
 * supervisor, arrivals, start and end, any cancellation), or everything. Fewer columns, because writing and parsing
 * the sessions' JSON is a large part of a page's cost.
 */
export const SESSION_COLUMNS = new ColumnSets(
  { what: 'session', entity: Session },
  [
    ['list', ['id', 'centreId', 'childId', 'kind', 'status', 'startsAt', 'endsAt']],
    [
      'day',
      [
        'roomId',
        'supervisorId',
        'parentArrivedAt',
        'childArrivedAt',
        'startedAt',
        'endedAt',
        'continuityNote',
        'cancelledAt',
        'cancelledById',
        'cancellationReason',
        'cancellationNote',
        'familyInformedAt',
        'familyInformedVia',
      ],
    ],
  ],
  {
    child: 'list',
    attendance: 'list',
    arrivalPlan: 'list',
    absenceNotices: 'list',
    attendanceCorrections: 'list',
    room: 'day',
    supervisor: 'day',
    cancellation: 'day',
    cancelledBy: 'day',
  },
);

/** How a history statement writes a session's attendance: what `AttendanceRecord` shows of it, or everything. */
export const ATTENDANCE_COLUMNS = new ColumnSets({ what: 'attendance', entity: Attendance }, [
  ['shown', ['id', 'outcome', 'minutesLate', 'recordedAt', 'note']],
]);

/**
 * How a history statement writes the page's observations, for the fields of `Observation` asked for: what the
 * entry's report needs (status and due date), what a page of records shows (the record's sections, who wrote and
 * approved it, when it became final, its amendments), or everything (its review dates, evidence-chain hashes and
 * version), because the hashes, timestamps and ids a page never shows are much of each record's JSON.
 */
export const OBSERVATION_COLUMNS = new ColumnSets(
  { what: 'observation', entity: Observation },
  [
    ['report', ['status', 'dueAt']],
    ['record', ['id', 'sessionId', 'childId', 'authorId', 'reviewerId', 'sections', 'finalisedAt']],
  ],
  {
    overdue: 'report',
    centreId: 'report',
    child: 'record',
    author: 'record',
    reviewer: 'record',
    amendments: 'record',
    submitProblems: 'record',
  },
);

export const AMENDMENT_ROWS = new RowColumns({ what: 'amendment', entity: ObservationAmendment });

/** A flag as the GraphQL type shows it: the columns of the entity but its council. */
export const FLAG_ROWS = new RowColumns<SafeguardingFlagType>({
  what: 'flag',
  entity: SafeguardingFlag,
  omit: ['councilId'],
});

/** Only rows at `centreId` (a manager's own centre, `historyCentre`), or every centre when it is null. */
function centreSql(alias: string, centreId: string | null): { sql: string; params: unknown[] } {
  return centreId ? { sql: `and ${alias}.centre_id = ?`, params: [centreId] } : { sql: '', params: [] };
}

/** The optional date range on a session's start, as SQL and parameters. */
function rangeSql(alias: string, from: Date | null, to: Date | null): { sql: string; params: Date[] } {
  const parts: string[] = [];
  const params: Date[] = [];
  if (from) {
    parts.push(`and ${alias}.starts_at >= ?`);
    params.push(from);
  }
  if (to) {
    parts.push(`and ${alias}.starts_at < ?`);
    params.push(to);
  }
  return { sql: parts.join(' '), params };
}
