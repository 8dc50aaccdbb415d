import {
  compareParentsCopyDue,
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
