import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertCentre, childScopeSql } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput } from '../common/errors.js';
import { toAmendmentType } from '../observations/observation.mapper.js';
import { ObservationAmendment } from '../observations/observation.entity.js';
import { logSessionReads } from '../sessions/session.query.js';
import { Session } from '../sessions/session.entity.js';
import type { CentreAmendmentType } from './desk.type.js';

const DAY_MS = 86_400_000;
/** How far back the amendments list reads when no start is given. */
export const AMENDMENTS_DEFAULT_DAYS = 30;
/** The furthest back the amendments list reads: a year of a centre's addenda is the most a desk needs. */
export const AMENDMENTS_MAX_DAYS = 366;
/** How long after a session a cancellation whose family was never told still shows on the desk. */
export const CANCELLATION_RECENT_DAYS = 14;

/**
 * What a centre manager's desk lists beside the overdue records (docs/desk.md): sessions whose booked end has passed
 * with nothing recorded, cancellations the family has not been recorded as told of, and recent amendments to final
 * records. Each is one read of the manager's own centre, of the children they may read (`childScopeSql`), and each
 * read is written to the access log.
 */
export class DeskQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
    private readonly now: Date,
  ) {}

  /**
   * Sessions whose booked end has passed while still booked: nobody recorded an arrival, the start, the end or a
   * no-show (recording any of them moves a session on from `scheduled`), so there is no attendance to count. Oldest
   * first.
   */
  async unrecordedSessions(centreId: string): Promise<Session[]> {
    const found = await this.sessions(centreId, `s.status = 'scheduled' and s.ends_at < ?`, [this.now]);
    await logSessionReads(this.em, this.viewer, this.operation, found);
    return found;
  }

  /**
   * Sessions the centre cancelled, upcoming or ended in the last `CANCELLATION_RECENT_DAYS` days, with no record of
   * when the family was told (docs/domain.md rule 6). The soonest first.
   */
  async cancellationsNotTold(centreId: string): Promise<Session[]> {
    const recent = new Date(this.now.getTime() - CANCELLATION_RECENT_DAYS * DAY_MS);
    const found = await this.sessions(
      centreId,
      `s.status = 'cancelled' and s.family_informed_at is null and s.ends_at > ?`,
      [recent],
    );
    await logSessionReads(this.em, this.viewer, this.operation, found);
    return found;
  }

  /**
   * Amendments signed since `since` (by default the last `AMENDMENTS_DEFAULT_DAYS` days) to final records of the
   * centre's sessions, newest first, each with its session.
   */
  async amendments(centreId: string, since: Date | null): Promise<CentreAmendmentType[]> {
    const from = since ?? new Date(this.now.getTime() - AMENDMENTS_DEFAULT_DAYS * DAY_MS);
    if (from.getTime() < this.now.getTime() - AMENDMENTS_MAX_DAYS * DAY_MS) {
      throw badInput(`Amendments are listed for at most the last ${AMENDMENTS_MAX_DAYS} days.`, {
        field: 'since',
      });
    }
    const scope = this.scope(centreId);
    if (!scope) return [];
    const rows = await this.em.getConnection().execute<{ id: string; session_id: string }[]>(
      `select a.id, o.session_id from observation_amendment a
         join observation o on o.id = a.observation_id
         join session s on s.id = o.session_id
        where ${scope.where} and a.council_id = ? and a.created_at >= ?`,
      [...scope.params, this.viewer.councilId, from],
    );
    if (rows.length === 0) return [];
    // One request's EntityManager serves one statement at a time.
    const amendments = await this.em.find(
      ObservationAmendment,
      { id: { $in: rows.map((r) => r.id) } },
      { orderBy: { createdAt: 'desc', id: 'asc' } },
    );
    const sessions = await this.em.find(Session, {
      id: { $in: [...new Set(rows.map((r) => r.session_id))] },
    });
    const sessionOf = new Map(rows.map((r) => [r.id, r.session_id]));
    const byId = new Map(sessions.map((s) => [s.id, s]));
    await logChildReads(
      this.em,
      this.viewer,
      this.operation,
      [...new Set(amendments.map((a) => a.childId))].map((childId) => ({
        childId,
        fields: ['observations', 'sessions'],
        reason: 'amendments to final records',
      })),
    );
    return amendments.flatMap((a) => {
      const session = byId.get(sessionOf.get(a.id) ?? '');
      return session ? [{ amendment: toAmendmentType(a), session }] : [];
    });
  }

  /** The manager's own centre (NOT_FOUND for another), narrowed to the children they may read. */
  private scope(centreId: string): { where: string; params: unknown[] } | null {
    assertCentre(this.viewer, centreId);
    const children = childScopeSql(this.viewer);
    if (!children) return null;
    return {
      where: `s.centre_id = ? and s.child_id in (${children.sql})`,
      params: [centreId, ...children.params],
    };
  }

  private async sessions(centreId: string, where: string, params: unknown[]): Promise<Session[]> {
    const scope = this.scope(centreId);
    if (!scope) return [];
    const rows = await this.em
      .getConnection()
      .execute<{ id: string }[]>(
        `select s.id from session s where ${scope.where} and s.council_id = ? and ${where}`,
        [...scope.params, this.viewer.councilId, ...params],
      );
    if (rows.length === 0) return [];
    return this.em.find(
      Session,
      { id: { $in: rows.map((r) => r.id) } },
      { orderBy: { startsAt: 'asc', id: 'asc' } },
    );
  }
}
