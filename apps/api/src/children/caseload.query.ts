import { addDaysToDateKey, daysBetweenDateKeys, londonDateKey } from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { OverdueReportsQuery } from '../observations/overdue.query.js';
import { Child } from '../people/child.entity.js';
import { SafeguardingFlag } from '../safeguarding/flag.entity.js';
import { Session } from '../sessions/session.entity.js';
import type { CaseloadEntry, OverdueReport, ReviewReminder } from './caseload.type.js';

/** How far ahead a review date shows on the caseload. */
export const REVIEW_WARNING_DAYS = 14;
/** How far ahead a review date becomes a reminder to record the review (docs/agreements.md). */
export const REVIEW_REMINDER_DAYS = 7;

function byChild<T>(rows: T[], childOf: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(childOf(r), [...(map.get(childOf(r)) ?? []), r]);
  return map;
}

/**
 * The signed-in social worker's caseload with what needs them. One statement per kind of thing for the whole
 * caseload (children, agreements, flags, overdue reports, next sessions), never one per child.
 */
export class CaseloadQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly operation: AuditedOperation,
    private readonly now: Date,
  ) {}

  async mine(): Promise<CaseloadEntry[]> {
    const children = await this.em.execute<{ id: string }[]>(
      `select child_id as id from child_case
        where social_worker_id = ? and council_id = ? and closed_at is null`,
      [this.viewer.userId, this.viewer.councilId],
    );
    const ids = children.map((c) => c.id);
    if (ids.length === 0) return [];
    await logChildReads(
      this.em,
      this.viewer,
      this.operation,
      ids.map((childId) => ({
        childId,
        fields: ['name', 'dateOfBirth', 'agreements', 'flags', 'observationStatus', 'nextSession'],
        reason: 'caseload read',
      })),
    );
    const council = this.viewer.councilId;
    const [records, agreements, flags, overdue, next] = await Promise.all([
      this.em.find(Child, { id: { $in: ids }, councilId: council }),
      this.em.find(
        ContactAgreement,
        { childId: { $in: ids }, councilId: council, status: { $ne: 'ended' } },
        { orderBy: { createdAt: 'desc', id: 'desc' } },
      ),
      this.em.find(
        SafeguardingFlag,
        { childId: { $in: ids }, councilId: council, status: { $in: ['open', 'escalated'] } },
        { orderBy: { raisedAt: 'asc', id: 'asc' } },
      ),
      this.overdueReports(ids),
      this.nextSessions(ids),
    ]);
    const today = londonDateKey(this.now);
    const reviewBy = addDaysToDateKey(today, REVIEW_WARNING_DAYS);
    const agreementsOf = byChild(agreements, (a) => a.childId);
    const flagsOf = byChild(flags, (f) => f.childId);
    const overdueOf = byChild(overdue, (o) => o.childId);
    const nextOf = new Map(next.map((s) => [s.childId, s]));
    const entries = records.map((c): CaseloadEntry => {
      const current = agreementsOf.get(c.id) ?? [];
      const suspendedAgreements = current.filter((a) => a.status === 'suspended');
      const reviewsDue = current.filter(
        (a) => (a.status === 'active' || a.status === 'suspended') && a.reviewDate <= reviewBy,
      );
      const unacknowledgedFlags = flagsOf.get(c.id) ?? [];
      const overdueReports = (overdueOf.get(c.id) ?? []).map(({ childId: _, ...r }) => r);
      return {
        child: { id: c.id, firstName: c.firstName, lastName: c.lastName, dateOfBirth: c.dateOfBirth },
        needsAttention:
          suspendedAgreements.length +
            reviewsDue.length +
            unacknowledgedFlags.length +
            overdueReports.length >
          0,
        agreements: current,
        suspendedAgreements,
        reviewsDue,
        reviewReminders: reviewsDue
          .map((a): ReviewReminder => {
            const daysUntil = daysBetweenDateKeys(today, a.reviewDate);
            return { agreement: a, reviewDate: a.reviewDate, daysUntil, overdue: daysUntil < 0 };
          })
          .filter((r) => r.daysUntil <= REVIEW_REMINDER_DAYS)
          .sort((x, y) => x.daysUntil - y.daysUntil),
        unacknowledgedFlags,
        overdueReports,
        nextSession: nextOf.get(c.id) ?? null,
      };
    });
    return entries.sort(
      (a, b) =>
        Number(b.needsAttention) - Number(a.needsAttention) ||
        a.child.lastName.localeCompare(b.child.lastName) ||
        a.child.firstName.localeCompare(b.child.firstName),
    );
  }

  /** Reports not final whose due time has passed, including those nobody started (rule 9). */
  private overdueReports(childIds: string[]): Promise<(OverdueReport & { childId: string })[]> {
    return new OverdueReportsQuery(this.em, this.viewer, this.now).forChildren(childIds);
  }

  private async nextSessions(childIds: string[]): Promise<Session[]> {
    const rows = await this.em.execute<{ id: string }[]>(
      `select distinct on (child_id) id from session
        where child_id in (?) and council_id = ? and status = 'scheduled' and starts_at > ?
        order by child_id, starts_at, id`,
      [childIds, this.viewer.councilId, this.now],
    );
    if (rows.length === 0) return [];
    return this.em.find(Session, { id: { $in: rows.map((r) => r.id) } });
  }
}
