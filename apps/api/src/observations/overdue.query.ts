import {
  isOverdue,
  isReportOverdue,
  REPORT_DUE_WORKING_DAYS,
  reportDueFor,
  type ObservationStatus,
  type SessionKind,
  type SessionStatus,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCentre, childScopeSql } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { councilNation } from '../centres/council-nation.js';
import { Session } from '../sessions/session.entity.js';

/** An observation report past its due time, or one nobody started, with its session. */
export interface OverdueRecord {
  childId: string;
  sessionId: string;
  session: Session;
  sessionStartsAt: Date;
  observationId: string | null;
  status: ObservationStatus | null;
  dueAt: Date;
  authorId: string;
}

interface Row {
  session_id: string;
  child_id: string;
  kind: SessionKind;
  status: SessionStatus;
  starts_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  ends_at: Date;
  supervisor_id: string;
  observation_id: string | null;
  observation_status: ObservationStatus | null;
  author_id: string | null;
  due_at: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * Overdue observation records (docs/domain.md rule 9), wherever someone must chase them: a report is due 5 working days
 * after its session ended, whether or not anyone opened a draft, so the list starts from the sessions that need a
 * report (supervised contact that took place), not from the drafts. The SQL narrows; the domain decides.
 */
export class OverdueReportsQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly now: Date,
  ) {}

  /** The overdue records of these children (a social worker's caseload). */
  forChildren(childIds: readonly string[]): Promise<OverdueRecord[]> {
    if (childIds.length === 0) return Promise.resolve([]);
    return this.list('s.child_id in (?)', [[...childIds]]);
  }

  /** The overdue records of a centre's sessions, of children the viewer may read (a manager's own centre). */
  forCentre(centreId: string): Promise<OverdueRecord[]> {
    assertCentre(this.viewer, centreId);
    const scope = childScopeSql(this.viewer);
    if (!scope) return Promise.resolve([]);
    return this.list(`s.centre_id = ? and s.child_id in (${scope.sql})`, [centreId, ...scope.params]);
  }

  private async list(where: string, params: unknown[]): Promise<OverdueRecord[]> {
    // Five working days are at least five calendar days: a session that ended later than that cannot be overdue
    // yet. A record already started carries its own due time (worked out from the session when it was opened).
    const endedBefore = new Date(this.now.getTime() - REPORT_DUE_WORKING_DAYS * DAY_MS);
    const rows = await this.em.getConnection().execute<Row[]>(
      `select s.id as session_id, s.child_id, s.kind, s.status, s.starts_at, s.started_at, s.ended_at, s.ends_at,
              s.supervisor_id, o.id as observation_id, o.status as observation_status, o.author_id, o.due_at
         from session s
         join contact_agreement a on a.id = s.agreement_id
         left join observation o on o.session_id = s.id
        where ${where} and s.council_id = ?
          and a.contact_type = 'supervised' and s.kind = 'contact' and s.started_at is not null
          and s.status not in ('cancelled', 'not_attended')
          and ((o.id is null and coalesce(s.ended_at, s.ends_at) < ?)
            or (o.status <> 'final' and o.due_at <= ?))`,
      [...params, this.viewer.councilId, endedBefore, this.now],
    );
    const nation = await councilNation(this.em, this.viewer.councilId);
    const overdue = rows.filter((r) => {
      if (r.due_at) return r.observation_status !== 'final' && isOverdue(new Date(r.due_at), this.now);
      return isReportOverdue(
        {
          supervised: true,
          kind: r.kind,
          status: r.status,
          startedAt: r.started_at && new Date(r.started_at),
          endedAt: r.ended_at && new Date(r.ended_at),
          endsAt: new Date(r.ends_at),
        },
        null,
        this.now,
        nation,
      );
    });
    if (overdue.length === 0) return [];
    const sessions = await this.em.find(Session, {
      id: { $in: overdue.map((r) => r.session_id) },
      councilId: this.viewer.councilId,
    });
    const byId = new Map(sessions.map((s) => [s.id, s]));
    return overdue
      .flatMap((r): OverdueRecord[] => {
        const session = byId.get(r.session_id);
        if (!session) return [];
        return [
          {
            childId: r.child_id,
            sessionId: r.session_id,
            session,
            sessionStartsAt: new Date(r.starts_at),
            observationId: r.observation_id,
            status: r.observation_status,
            dueAt: r.due_at
              ? new Date(r.due_at)
              : reportDueFor(
                  { endedAt: r.ended_at && new Date(r.ended_at), endsAt: new Date(r.ends_at) },
                  nation,
                ),
            // Nobody started the record: the session's supervisor owes it.
            authorId: r.author_id ?? r.supervisor_id,
          },
        ];
      })
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.sessionId.localeCompare(b.sessionId));
  }
}
