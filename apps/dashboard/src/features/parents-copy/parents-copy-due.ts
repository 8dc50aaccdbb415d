import {
  compareParentsCopyDue,
  fromLondonDateKey,
  PARENTS_COPY_METHOD_LABELS,
  PARENTS_COPY_METHODS,
  type ParentsCopyMethod,
} from '@kinroom/domain';
import { longDate } from '../../shared/london-time';

/** The copies to share in the order the manager works through them: the earliest due, so every overdue one, first. */
export function dueOrder<T extends { observationId: string; dueDate: string; sessionDate: string }>(
  list: readonly T[],
): T[] {
  return [...list].sort(compareParentsCopyDue);
}

/** "Overdue: due by Monday 30 November 2026", or "Due by …" while there is time. */
export function dueWords(copy: { dueDate: string; overdue: boolean }): string {
  return `${copy.overdue ? 'Overdue: due by' : 'Due by'} ${longDate(copy.dueDate)}`;
}

/** What the social worker keeps out of the copy, as a count in words. */
export function withheldWords(parts: number): string {
  if (parts === 0) return 'Nothing withheld';
  return parts === 1 ? '1 part withheld' : `${parts} parts withheld`;
}

/** The ways of sharing, as the API names them, with their words. */
export const METHOD_OPTIONS = PARENTS_COPY_METHODS.map((m) => ({
  value: m.toUpperCase() as Uppercase<ParentsCopyMethod>,
  label: PARENTS_COPY_METHOD_LABELS[m],
}));

/** The words for a method the API sent (e.g. `SECURE_PORTAL`). */
export function methodWords(method: string): string {
  return PARENTS_COPY_METHOD_LABELS[method.toLowerCase() as ParentsCopyMethod] ?? method;
}

/**
 * When the copy was shared, from a UK day and time typed in: a problem in words, or the instant. It cannot be in the
 * future (the API refuses it too).
 */
export function sharedAt(day: string, time: string, now: Date): { at: Date } | { problem: string } {
  if (!day || !time) return { problem: 'Give the day and time it was shared.' };
  let at: Date;
  try {
    at = fromLondonDateKey(day, time);
  } catch {
    return { problem: 'Give the day and time it was shared.' };
  }
  if (at > now) return { problem: 'When it was shared cannot be in the future.' };
  return { at };
}
