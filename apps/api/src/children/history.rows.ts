import type { EntityManager } from '@mikro-orm/postgresql';
import type { Observation, ObservationAmendment } from '../observations/observation.entity.js';
import type { StaffUser } from '../people/staff-user.entity.js';
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
  /** Everyone who wrote, reviewed or amended the observation, to answer `author` / `reviewer` without a query. */
  staff: StaffUser[];
}

/** A row as Postgres writes it with `to_jsonb`: column names as keys, timestamps as ISO strings. */
type Json = Record<string, unknown>;

interface RawPageRow {
  session: Json;
  position: string;
  attendance: Json | null;
  observation: Json | null;
  amendments: Json[] | null;
  flags: Json[] | null;
  staff: Json[] | null;
}

export interface PageRequest {
  childId: string;
  councilId: string;
  from: Date | null;
  to: Date | null;
  /** Keyset position: only sessions strictly before this one, newest first. */
  before: { startsAt: string; id: string } | null;
  limit: number;
  observations: boolean;
  flags: boolean;
}

/**
 * The SQL of a history page. Each session's parts come back folded into the same row as JSON, so a page costs one
 * statement. The JSON is read into plain objects with the fields of the entities the rest of the API uses (which
 * lets the batch loaders of nested fields be primed instead of queried), not into managed entities: a page is only
 * ever read, so it needs no identity map and no change tracking, and hydrating fifty sessions with their parts
 * through the ORM cost more than everything else the request does.
 */
export class HistoryRows {
  constructor(private readonly em: EntityManager) {}

  async page(req: PageRequest): Promise<PageRow[]> {
    const range = rangeSql('s', req.from, req.to);
    const keyset = req.before ? 'and (s.starts_at, s.id) < (?::timestamptz, ?::uuid)' : '';
    const observation = req.observations
      ? `to_jsonb(o) as observation,
         (select jsonb_agg(to_jsonb(m) order by m.created_at, m.id) from observation_amendment m
           where m.observation_id = o.id) as amendments,
         (select jsonb_agg(to_jsonb(u)) from staff_user u
           where u.council_id = s.council_id and (u.id = o.author_id or u.id = o.reviewer_id
              or u.id in (select m.author_id from observation_amendment m where m.observation_id = o.id))) as staff`
      : 'null::jsonb as observation, null::jsonb as amendments, null::jsonb as staff';
    const flags = req.flags
      ? `(select jsonb_agg(to_jsonb(f) order by f.raised_at, f.id) from safeguarding_flag f
           where f.child_id = s.child_id and f.session_id = s.id) as flags`
      : 'null::jsonb as flags';
    const rows = await this.em.execute<RawPageRow[]>(
      `select to_jsonb(s) as session, to_char(s.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position, to_jsonb(a) as attendance, ${observation}, ${flags}
         from session s
         left join attendance a on a.session_id = s.id
         ${req.observations ? 'left join observation o on o.session_id = s.id' : ''}
        where s.child_id = ? and s.council_id = ? ${range.sql} ${keyset}
        order by s.starts_at desc, s.id desc
        limit ?`,
      [
        req.childId,
        req.councilId,
        ...range.params,
        ...(req.before ? [req.before.startsAt, req.before.id] : []),
        req.limit,
      ],
    );
    return rows.map((r) => ({
      session: sessionFromJson(r.session),
      position: r.position,
      attendance: r.attendance ? attendanceFromJson(r.attendance) : null,
      observation: r.observation ? observationFromJson(r.observation) : null,
      amendments: r.amendments ? r.amendments.map(amendmentFromJson) : [],
      flags: r.flags ? r.flags.map(flagFromJson) : [],
      staff: r.staff ? r.staff.map(staffFromJson) : [],
    }));
  }
}

// Read from `to_jsonb` rows exactly as MikroORM would map them (history.int.test.ts compares the two): every column
// of the entity under its property name, timestamps as Dates, nulls as null. The objects are plain data for reading.

function date(v: unknown): Date {
  return new Date(v as string);
}

function dateOrNull(v: unknown): Date | null {
  return v === null || v === undefined ? null : new Date(v as string);
}

export function sessionFromJson(j: Json): Session {
  return {
    id: j.id as string,
    councilId: j.council_id as string,
    centreId: j.centre_id as string,
    roomId: j.room_id as string,
    supervisorId: j.supervisor_id as string,
    secondStaffId: (j.second_staff_id ?? null) as string | null,
    agreementId: j.agreement_id as string,
    childId: j.child_id as string,
    kind: j.kind as Session['kind'],
    startsAt: date(j.starts_at),
    endsAt: date(j.ends_at),
    turnoverMinutes: j.turnover_minutes as number,
    status: j.status as Session['status'],
    parentArrivedAt: dateOrNull(j.parent_arrived_at),
    childArrivedAt: dateOrNull(j.child_arrived_at),
    startedAt: dateOrNull(j.started_at),
    endedAt: dateOrNull(j.ended_at),
    cancelledAt: dateOrNull(j.cancelled_at),
    cancelledById: (j.cancelled_by_id ?? null) as string | null,
    cancellationReason: (j.cancellation_reason ?? null) as Session['cancellationReason'],
    cancellationNote: (j.cancellation_note ?? null) as string | null,
    familyInformedAt: dateOrNull(j.family_informed_at),
    continuityNote: (j.continuity_note ?? null) as string | null,
    version: j.version as number,
    createdAt: date(j.created_at),
    updatedAt: date(j.updated_at),
  };
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

export function staffFromJson(j: Json): StaffUser {
  return {
    id: j.id as string,
    councilId: j.council_id as string,
    centreId: (j.centre_id ?? null) as string | null,
    name: j.name as string,
    email: j.email as string,
    role: j.role as StaffUser['role'],
    active: j.active as boolean,
    createdAt: date(j.created_at),
  };
}

/** The optional date range on a session's start, as SQL and parameters. */
export function rangeSql(alias: string, from: Date | null, to: Date | null): { sql: string; params: Date[] } {
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
