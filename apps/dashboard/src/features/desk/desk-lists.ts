import { fromLondonDateKey } from '@kinroom/domain';
import { SEVERITIES } from '../../shared/flag-labels';
import { formatDuration } from '../../shared/time-since';
import type { DeskFlag } from './desk-operations';

/** How late something due at `dueAt` is at `now`, in words read at a glance: "2 days 4 h late". */
export function lateBy(dueAt: string | Date, now: Date): string {
  return `${formatDuration(now.getTime() - new Date(dueAt).getTime())} late`;
}

/**
 * The flags nobody has acknowledged yet (docs/domain.md rule 10): still being handled, with no acknowledgement, an
 * automatic escalation included. The most serious first, and within a severity the one waiting longest.
 */
export function flagsToAcknowledge<
  F extends Pick<DeskFlag, 'status' | 'severity' | 'raisedAt' | 'acknowledgements'>,
>(flags: readonly F[]): F[] {
  const rank = (f: F) => SEVERITIES.findIndex((s) => s.value === f.severity);
  return flags
    .filter((f) => f.status !== 'RESOLVED' && f.acknowledgements.length === 0)
    .sort((a, b) => rank(a) - rank(b) || Date.parse(a.raisedAt) - Date.parse(b.raisedAt));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/**
 * When the family was told, from a UK day and time as typed, or what is wrong with them: both given, a real moment,
 * and not in the future (the API refuses that too).
 */
export function toldAt(dateKey: string, time: string, now: Date): { at: Date } | { problem: string } {
  if (!DATE.test(dateKey) || !TIME.test(time))
    return { problem: 'Give the day and time the family was told.' };
  let at: Date;
  try {
    at = fromLondonDateKey(dateKey, time);
  } catch {
    return { problem: 'Give the day and time the family was told.' };
  }
  if (Number.isNaN(at.getTime())) return { problem: 'Give the day and time the family was told.' };
  if (at.getTime() > now.getTime()) return { problem: 'The family cannot have been told in the future.' };
  return { at };
}
