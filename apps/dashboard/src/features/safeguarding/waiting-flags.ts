import type { FlagCategory, FlagSeverity, FlagStatus } from '@kinroom/schema';
import { CATEGORY_LABELS, SEVERITIES, severityOf } from '../../shared/flag-labels';

/** What the waiting list and its announcement read of a flag. */
export interface WaitingFlag {
  status: FlagStatus;
  severity: FlagSeverity;
  category: FlagCategory;
  raisedAt: string;
  child: { firstName: string; lastInitial: string };
  room?: { name: string } | null;
}

/**
 * Whether a flag waits for someone to take it on: open (nobody has acknowledged it) or escalated (it was passed to
 * someone more senior, who has not yet acknowledged it). Its first acknowledgement moves it on (docs/domain.md
 * rule 10).
 */
export function awaitsAcknowledgement(f: { status: FlagStatus }): boolean {
  return f.status === 'OPEN' || f.status === 'ESCALATED';
}

const rank = (s: FlagSeverity) => SEVERITIES.findIndex((x) => x.value === s);

/** The flags that wait for someone, the most severe first, and of one severity the one waiting longest first. */
export function waitingFlags<T extends WaitingFlag>(flags: readonly T[]): T[] {
  return flags
    .filter(awaitsAcknowledgement)
    .sort((a, b) => rank(a.severity) - rank(b.severity) || Date.parse(a.raisedAt) - Date.parse(b.raisedAt));
}

/** A new flag in one sentence a screen reader says once: "Critical flag: Attempted abduction, Ruby B., Room 2." */
export function flagAnnouncement(f: WaitingFlag): string {
  const where = f.room ? `, ${f.room.name}.` : '';
  return `${severityOf(f.severity).text} flag: ${CATEGORY_LABELS[f.category]}, ${f.child.firstName} ${f.child.lastInitial}.${where}`;
}
