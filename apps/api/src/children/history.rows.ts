import {
  ATTENDANCE_OUTCOMES,
  isNeutralOutcome,
  resetsStrikes,
  type AttendanceOutcome,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { childReadableSql } from '../access/policy.js';
import type { AgreementStatus } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { queryPrepared } from '../db/prepared.js';
import type { Observation, ObservationAmendment } from '../observations/observation.entity.js';
import type { KnownStaff } from '../observations/observation.type.js';
import type { SafeguardingFlagType } from '../safeguarding/flag.type.js';
import type { Attendance, Session } from '../sessions/session.entity.js';

export interface PageRow {
  session: Session;
  /** The session's start exactly as stored (microseconds), so that a cursor never falls between two sessions. */
  position: string;
  attendance: Attendance | null;
  observation: Observation | null;
  amendments: ObservationAmendment[];
  flags: SafeguardingFlagType[];
}

/** A row as Postgres writes it with `to_json`: column names as keys, timestamps as ISO strings. */
type Json = Record<string, unknown>;

interface RawPageRow {
  session: Json;
  position: string;
  attendance: Json | null;
  observation: Json | null;
  amendments: Json[] | null;
  flags: Json[] | null;
}

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
  next_session: Json | null;
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
  session: SessionColumns;
  observations: boolean;
  flags: boolean;
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
    const keyset = req.before ? 'and (s.starts_at, s.id) < (?::timestamptz, ?::uuid)' : '';
    const observation = req.observations
      ? `'observation', to_json(o),
         'amendments', (select json_agg(to_json(m) order by m.created_at, m.id) from observation_amendment m
           where m.observation_id = o.id)`
      : `'observation', null, 'amendments', null`;
    // The staff of the whole page's observations at once: looking them up row by row scanned the staff table once
    // per observation (1.5 of the statement's 3 ms at 10,000 sessions).
    const staff = req.observations
      ? `(select json_agg(json_build_object('id', u.id, 'name', u.name, 'role', u.role)) from staff_user u
           where u.council_id = ? and u.id in (
             select x.id from page p join observation o on o.session_id = p.id
                    cross join lateral (select o.author_id union all select o.reviewer_id
                      union all select m.author_id from observation_amendment m where m.observation_id = o.id) x(id)))`
      : 'null';
    // The child's flags in the page's sessions, read once and grouped by session rather than looked up per session.
    const flags = req.flags
      ? `, page_flags as (
           select f.session_id, json_agg(to_json(f) order by f.raised_at, f.id) as flags from safeguarding_flag f
            where f.child_id = ? and f.session_id in (select id from page)
            group by f.session_id)`
      : '';
    const summary = req.summary ? summarySql(req, viewer.councilId) : null;
    const rows = await queryPrepared<RawHistory & Partial<RawSummary>>(
      this.em,
      `with readable as (select ${readable.sql} as ok),
       page as (
         select s.* from session s
          where s.child_id = ? and (select ok from readable) ${range.sql} ${keyset}
          order by s.starts_at desc, s.id desc
          limit ?)
       ${flags}
       ${summary ? `, ${summary.ctes}` : ''}
       select
         (select ok from readable) as readable,
         ${summary ? summary.columns : ''}
         (select json_agg(r.entry order by r.starts_at desc, r.id desc) from (
            select p.starts_at, p.id, json_build_object(
                     'session', ${req.session.sql('p')},
                     'position', to_char(p.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     'attendance', to_json(a), ${observation},
                     'flags', ${req.flags ? 'g.flags' : 'null'}) as entry
              from page p
              left join attendance a on a.session_id = p.id
              ${req.observations ? 'left join observation o on o.session_id = p.id' : ''}
              ${req.flags ? 'left join page_flags g on g.session_id = p.id' : ''}
             where p.council_id = ?) r) as page,
         ${staff} as staff`,
      [
        ...readable.params,
        req.childId,
        ...range.params,
        ...(req.before ? [req.before.startsAt, req.before.id] : []),
        req.limit,
        ...(req.flags ? [req.childId] : []),
        ...(summary?.params ?? []),
        viewer.councilId,
        ...(req.observations ? [viewer.councilId] : []),
      ],
    );
    const row = rows[0];
    if (!row?.readable) return null;
    return {
      summary: req.summary ? summaryFrom(row as RawHistory & RawSummary) : null,
      rows: (row.page ?? []).map((r) => ({
        session: req.session.read(r.session),
        position: r.position,
        attendance: r.attendance ? attendanceFromJson(r.attendance) : null,
        observation: r.observation ? observationFromJson(r.observation) : null,
        amendments: r.amendments ? r.amendments.map(amendmentFromJson) : [],
        flags: r.flags ? r.flags.map(flagFromJson) : [],
      })),
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
  return {
    ctes: `current_agreement as (
         select id, status from contact_agreement
          where child_id = ? and council_id = ? and (select ok from readable)
          order by (status in ('active', 'suspended')) desc, signed_at desc nulls last, created_at desc, id desc
          limit 1),
       recorded as materialized (
         select s.id, s.starts_at, s.agreement_id, a.outcome::text as outcome
           from session s join attendance a on a.session_id = s.id
          where s.child_id = ? and s.council_id = ? and (select ok from readable)),
       tally as (
         select count(*) filter (where not x.outcome = any (?::text[]) ${inRange.sql}) as counted,
                count(*) filter (where x.outcome = any (?::text[]) ${inRange.sql}) as attended,
                max(x.starts_at) filter (
                  where x.agreement_id = (select id from current_agreement) and x.outcome = any (?::text[])
                ) as last_reset
           from recorded x)`,
    columns: `(select status from current_agreement) as agreement_status,
         (select counted from tally)::int as counted,
         (select attended from tally)::int as attended,
         (select json_agg(json_build_object('id', x.id, 'starts_at', x.starts_at, 'outcome', x.outcome))
            from recorded x
           where x.agreement_id = (select id from current_agreement)
             and x.starts_at >= coalesce((select last_reset from tally), '-infinity')) as run,
         (select to_json(s) from session s
           where s.child_id = ? and s.council_id = ? and (select ok from readable)
             and s.status = 'scheduled' and s.starts_at > ?
           order by s.starts_at, s.id limit 1) as next_session,`,
    params: [
      req.childId,
      councilId,
      req.childId,
      councilId,
      NEUTRAL,
      ...inRange.params,
      RESETTING,
      ...inRange.params,
      RESETTING,
      req.childId,
      councilId,
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
    nextSession: row.next_session ? sessionFromJson(row.next_session) : null,
  };
}

// The summary's outcome classes, from the domain's rules (rule 8), so that the statement counts what they say.
const RESETTING = ATTENDANCE_OUTCOMES.filter((o) => resetsStrikes(o));
const NEUTRAL = ATTENDANCE_OUTCOMES.filter((o) => isNeutralOutcome(o));

// Read from `to_json` rows exactly as MikroORM would map them (history.int.test.ts compares the two): every column
// of the entity under its property name, timestamps as Dates, nulls as null. The objects are plain data for reading.

function date(v: unknown): Date {
  return new Date(v as string);
}

function dateOrNull(v: unknown): Date | null {
  return v === null || v === undefined ? null : new Date(v as string);
}

type Read<T> = (v: unknown) => T;
const text: Read<string> = (v) => v as string;
const textOrNull: Read<string | null> = (v) => (v ?? null) as string | null;
const integer: Read<number> = (v) => v as number;

/** Every property of a session: the column it is stored in, and how its JSON value is read. */
const SESSION_PROPERTIES: { [P in keyof Session]-?: [column: string, read: Read<Session[P]>] } = {
  id: ['id', text],
  councilId: ['council_id', text],
  centreId: ['centre_id', text],
  roomId: ['room_id', text],
  supervisorId: ['supervisor_id', text],
  secondStaffId: ['second_staff_id', textOrNull],
  agreementId: ['agreement_id', text],
  childId: ['child_id', text],
  kind: ['kind', text as Read<Session['kind']>],
  startsAt: ['starts_at', date],
  endsAt: ['ends_at', date],
  turnoverMinutes: ['turnover_minutes', integer],
  status: ['status', text as Read<Session['status']>],
  parentArrivedAt: ['parent_arrived_at', dateOrNull],
  childArrivedAt: ['child_arrived_at', dateOrNull],
  startedAt: ['started_at', dateOrNull],
  endedAt: ['ended_at', dateOrNull],
  cancelledAt: ['cancelled_at', dateOrNull],
  cancelledById: ['cancelled_by_id', textOrNull],
  cancellationReason: ['cancellation_reason', textOrNull as Read<Session['cancellationReason']>],
  cancellationNote: ['cancellation_note', textOrNull],
  familyInformedAt: ['family_informed_at', dateOrNull],
  continuityNote: ['continuity_note', textOrNull],
  version: ['version', integer],
  createdAt: ['created_at', date],
  updatedAt: ['updated_at', date],
};

type SessionProperty = keyof typeof SESSION_PROPERTIES;

/** What a list of sessions shows: the session itself, with its child, attendance and arrival plan. */
const CORE: readonly SessionProperty[] = [
  'id',
  'councilId',
  'centreId',
  'childId',
  'kind',
  'status',
  'startsAt',
  'endsAt',
];
/** What a day of it looked like: room, supervisor, arrivals, start and end, and any cancellation. */
const DAY: readonly SessionProperty[] = [
  ...CORE,
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
];
const ALL = Object.keys(SESSION_PROPERTIES) as SessionProperty[];

/**
 * Which of the column sets above each field of the GraphQL `Session` needs (its resolver's reads included). A field
 * missing here (one added to the type later) reads every column.
 */
const SESSION_FIELD_SETS: Record<string, 'core' | 'day'> = {
  id: 'core',
  centreId: 'core',
  childId: 'core',
  kind: 'core',
  status: 'core',
  startsAt: 'core',
  endsAt: 'core',
  child: 'core',
  attendance: 'core',
  arrivalPlan: 'core',
  roomId: 'day',
  room: 'day',
  supervisorId: 'day',
  supervisor: 'day',
  parentArrivedAt: 'day',
  childArrivedAt: 'day',
  startedAt: 'day',
  endedAt: 'day',
  continuityNote: 'day',
  cancellation: 'day',
};

/**
 * How a history statement writes the page's sessions, and reads them back, for the session fields an operation
 * asks for: the smallest of three column sets that holds them. Writing fewer columns took a third off the sessions'
 * part of the statement and of the JSON the API parses (at 10,000 sessions, a page of 50 asked for four fields: 50 KB
 * of session JSON down to 12). Three sets and not one per selection, because the statement's text is prepared on
 * every connection and must stay one of a few.
 *
 * A session read with fewer than all its columns answers only what was read: any other property throws when read,
 * so that a field whose needs were misstated here fails loudly rather than answering null.
 */
export class SessionColumns {
  static readonly CORE = new SessionColumns(CORE);
  static readonly DAY = new SessionColumns(DAY);
  static readonly ALL = new SessionColumns(ALL);

  /** The columns for these fields of `Session`, by name; null (or an unknown field) means every column. */
  static forFields(fields: Iterable<string> | null): SessionColumns {
    if (!fields) return SessionColumns.ALL;
    let columns = SessionColumns.CORE;
    for (const field of fields) {
      const set = SESSION_FIELD_SETS[field];
      if (!set) return SessionColumns.ALL;
      if (set === 'day') columns = SessionColumns.DAY;
    }
    return columns;
  }

  private readonly unread: object;

  private constructor(readonly properties: readonly SessionProperty[]) {
    // Properties not read are getters that throw, on the prototype, so every session read here has one shape.
    const unread: PropertyDescriptorMap = {};
    for (const p of ALL) {
      if (properties.includes(p)) continue;
      unread[p] = {
        get() {
          throw new Error(`A session's ${p} was read in a history read that did not load it.`);
        },
      };
    }
    this.unread = Object.create(Object.prototype, unread) as object;
  }

  /** The session of a page row (`alias`) as JSON: the whole row, or an object of the columns read. */
  sql(alias: string): string {
    if (this === SessionColumns.ALL) return `to_json(${alias})`;
    const pairs = this.properties.map(
      (p) => `'${SESSION_PROPERTIES[p][0]}', ${alias}.${SESSION_PROPERTIES[p][0]}`,
    );
    return `json_build_object(${pairs.join(', ')})`;
  }

  read(j: Json): Session {
    const session = Object.create(this.unread) as Record<string, unknown>;
    for (const p of this.properties) {
      const [column, read] = SESSION_PROPERTIES[p];
      session[p] = read(j[column]);
    }
    return session as unknown as Session;
  }
}

/** A whole session, from `to_json` of its row. */
export function sessionFromJson(j: Json): Session {
  return SessionColumns.ALL.read(j);
}

export function attendanceFromJson(j: Json): Attendance {
  return {
    id: j.id as string,
    councilId: j.council_id as string,
    sessionId: j.session_id as string,
    outcome: j.outcome as Attendance['outcome'],
    minutesLate: (j.minutes_late ?? null) as number | null,
    recordedById: (j.recorded_by_id ?? null) as string | null,
    recordedAt: date(j.recorded_at),
    note: (j.note ?? null) as string | null,
  };
}

export function observationFromJson(j: Json): Observation {
  return {
    id: j.id as string,
    councilId: j.council_id as string,
    sessionId: j.session_id as string,
    childId: j.child_id as string,
    authorId: j.author_id as string,
    reviewerId: (j.reviewer_id ?? null) as string | null,
    status: j.status as Observation['status'],
    sections: j.sections as Observation['sections'],
    returnReason: (j.return_reason ?? null) as string | null,
    dueAt: date(j.due_at),
    submittedAt: dateOrNull(j.submitted_at),
    approvedAt: dateOrNull(j.approved_at),
    finalisedAt: dateOrNull(j.finalised_at),
    contentHash: (j.content_hash ?? null) as string | null,
    previousHash: (j.previous_hash ?? null) as string | null,
    version: j.version as number,
    createdAt: date(j.created_at),
    updatedAt: date(j.updated_at),
  };
}

export function amendmentFromJson(j: Json): ObservationAmendment {
  return {
    id: j.id as string,
    councilId: j.council_id as string,
    observationId: j.observation_id as string,
    childId: j.child_id as string,
    authorId: j.author_id as string,
    reason: j.reason as string,
    text: j.text as string,
    createdAt: date(j.created_at),
    contentHash: j.content_hash as string,
    previousHash: (j.previous_hash ?? null) as string | null,
  };
}

/** A flag as the GraphQL type shows it (the fields of the entity but its council). */
export function flagFromJson(j: Json): SafeguardingFlagType {
  return {
    id: j.id as string,
    centreId: j.centre_id as string,
    childId: j.child_id as string,
    sessionId: (j.session_id ?? null) as string | null,
    category: j.category as SafeguardingFlagType['category'],
    severity: j.severity as SafeguardingFlagType['severity'],
    description: j.description as string,
    status: j.status as SafeguardingFlagType['status'],
    raisedById: j.raised_by_id as string,
    raisedAt: date(j.raised_at),
    acknowledgeBy: date(j.acknowledge_by),
    resolvedAt: dateOrNull(j.resolved_at),
    resolvedById: (j.resolved_by_id ?? null) as string | null,
    outcome: (j.outcome ?? null) as string | null,
    version: j.version as number,
  };
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
