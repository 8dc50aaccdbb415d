/**
 * The parents' copy of a final observation record (docs/parents-copy.md): the council shares the supervisor's
 * observations with the parents who took part within 3 calendar months of the session, less what the child's social
 * worker withholds.
 */
import { addMonthsToDateKey, londonDateKey } from '../time/london.js';

/** Calendar months after the session by which the parents' copy is shared (docs/parents-copy.md). */
export const PARENTS_COPY_MONTHS = 3;

/** How a copy reaches a parent. */
export const PARENTS_COPY_METHODS = ['post', 'email', 'in_person', 'secure_portal'] as const;
export type ParentsCopyMethod = (typeof PARENTS_COPY_METHODS)[number];

/** Each way of sharing, in words for people to read. */
export const PARENTS_COPY_METHOD_LABELS: Readonly<Record<ParentsCopyMethod, string>> = {
  post: 'By post',
  email: 'By email',
  in_person: 'In person',
  secure_portal: 'Through the secure portal',
};

/**
 * The London date by which the parents' copy of a session's record is due: the same day of the month 3 calendar
 * months after the London date the session took place on, or that month's last day when it has no such day (a
 * session on 31 August is due by 30 November; on 30 November, by 28 February, or 29 in a leap year). Returned as a
 * `YYYY-MM-DD` date key; the copy is on time all through that day.
 */
export function parentsCopyDueDate(sessionStart: Date): string {
  return addMonthsToDateKey(londonDateKey(sessionStart), PARENTS_COPY_MONTHS);
}

/** Whether a copy due by the London date `dueDate` and not yet shared is overdue at `now`: that day has passed. */
export function isParentsCopyOverdue(dueDate: string, now: Date): boolean {
  return londonDateKey(now) > dueDate;
}

/**
 * The order of a list of copies to share: the earliest due first, so every overdue copy comes before any still in
 * time; ties by session date, then by id so that the order is stable.
 */
export function compareParentsCopyDue(
  a: { dueDate: string; sessionDate: string; observationId: string },
  b: { dueDate: string; sessionDate: string; observationId: string },
): number {
  return (
    a.dueDate.localeCompare(b.dueDate) ||
    a.sessionDate.localeCompare(b.sessionDate) ||
    a.observationId.localeCompare(b.observationId)
  );
}
