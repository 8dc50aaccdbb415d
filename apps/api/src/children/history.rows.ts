import type { EntityManager } from '@mikro-orm/postgresql';
import { Observation, ObservationAmendment } from '../observations/observation.entity.js';
import { StaffUser } from '../people/staff-user.entity.js';
import { SafeguardingFlag } from '../safeguarding/flag.entity.js';
import { Attendance, Session } from '../sessions/session.entity.js';

export interface PageRow {
  session: Session;
  /** The session's start exactly as stored (microseconds), so that a cursor never falls between two sessions. */
  position: string;
  attendance: Attendance | null;
  observation: Observation | null;
  amendments: ObservationAmendment[];
  flags: SafeguardingFlag[];
  /** Everyone who wrote, reviewed or amended the observation, to answer `author` / `reviewer` without a query. */
  staff: StaffUser[];
}

interface RawPageRow {
  session: Record<string, unknown>;
  position: string;
  attendance: Record<string, unknown> | null;
  observation: Record<string, unknown> | null;
  amendments: Record<string, unknown>[] | null;
  flags: Record<string, unknown>[] | null;
  staff: Record<string, unknown>[] | null;
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
 * statement; the JSON is mapped to the same entities the rest of the API uses, which lets the batch loaders of
 * nested fields be primed instead of queried.
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
      session: this.session(r.session),
      position: r.position,
      attendance: r.attendance ? this.map(Attendance, r.attendance) : null,
      observation: r.observation ? this.map(Observation, r.observation) : null,
      amendments: (r.amendments ?? []).map((m) => this.map(ObservationAmendment, m)),
      flags: (r.flags ?? []).map((f) => this.map(SafeguardingFlag, f)),
      staff: (r.staff ?? []).map((u) => this.map(StaffUser, u)),
    }));
  }

  session(json: Record<string, unknown>): Session {
    return this.map(Session, json);
  }

  /** A row as Postgres wrote it in JSON (column names, ISO timestamps) as a managed entity. */
  private map<T extends object>(entity: new () => T, json: Record<string, unknown>): T {
    return this.em.map(entity, json);
  }
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
