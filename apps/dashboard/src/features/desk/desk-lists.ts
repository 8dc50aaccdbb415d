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
