import { londonDateKey, strikeRunInWords, suspendedAfterRunText } from '@kinroom/domain';
import type {
  AgreementStatus,
  AttendanceOutcome,
  CancellationReason,
  FlagSeverity,
  FlagStatus,
  ObservationStatus,
  SessionKind,
  SessionStatus,
  SupervisionLevel,
} from '@kinroom/schema';

/**
 * Wording for a child's contact history. Every state is given as a word and an icon as well as a colour class, so
 * it reads the same in print, in greyscale and to a screen reader.
 */

/** Whole years from a YYYY-MM-DD birthday to a moment, by the London date. */
export function ageOn(dateOfBirth: string, at: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  if (!y || !m || !d) return 0;
  const [ty, tm, td] = londonDateKey(at).split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

export interface Badge {
  text: string;
  icon: string;
  /** A tone for colour only; the text and icon carry the meaning. */
  tone: 'good' | 'warn' | 'bad' | 'neutral';
}

export const OUTCOME: Record<AttendanceOutcome, Badge> = {
  ATTENDED: { text: 'Attended', icon: '✓', tone: 'good' },
  LATE_WITHIN_GRACE: { text: 'Attended, late within the grace period', icon: '◔', tone: 'good' },
  EXPLAINED_ABSENCE: { text: 'Absent, explained', icon: '○', tone: 'neutral' },
  CENTRE_CANCELLED: { text: 'Cancelled by the centre', icon: '⊘', tone: 'neutral' },
  UNEXPLAINED_NO_SHOW: { text: 'Did not attend, no notice', icon: '✗', tone: 'bad' },
};

export const SESSION_STATUS: Record<SessionStatus, Badge> = {
  SCHEDULED: { text: 'Booked', icon: '◷', tone: 'neutral' },
  PARENT_ARRIVED: { text: 'Family member arrived', icon: '➜', tone: 'neutral' },
  CHILD_ARRIVED: { text: 'Child arrived', icon: '➜', tone: 'neutral' },
  IN_PROGRESS: { text: 'In progress', icon: '●', tone: 'good' },
  ENDED: { text: 'Ended', icon: '■', tone: 'neutral' },
  NOT_ATTENDED: { text: 'Not attended', icon: '✗', tone: 'bad' },
  CANCELLED: { text: 'Cancelled', icon: '⊘', tone: 'neutral' },
};

export const SESSION_KIND: Record<SessionKind, string> = {
  CONTACT: 'Contact session',
  PRE_CONTACT_VISIT: 'Pre-contact visit',
  PLANNING_MEETING: 'Planning meeting',
};

export const CANCELLATION_REASON: Record<CancellationReason, string> = {
  CHILD_ILL: 'the child is ill',
  MEDICAL_APPOINTMENT: 'the child has a medical appointment',
  SCHOOL_APPOINTMENT: 'the child has a school appointment',
  OTHER: 'another reason',
};

export const AGREEMENT_STATUS: Record<AgreementStatus, Badge> = {
  ACTIVE: { text: 'Active', icon: '✓', tone: 'good' },
  DRAFT: { text: 'Draft, not yet signed', icon: '✎', tone: 'neutral' },
  SUSPENDED: { text: 'Suspended', icon: '‖', tone: 'bad' },
  ENDED: { text: 'Ended', icon: '■', tone: 'neutral' },
};

export const SUPERVISION_LEVEL: Record<SupervisionLevel, string> = {
  SUPPORTED: 'Supported contact',
  SUPERVISED: 'Supervised contact',
  HIGH_VIGILANCE: 'Supervised contact with high vigilance',
};

export const REPORT_STATUS: Record<ObservationStatus, string> = {
  DRAFT: 'Being written by the supervisor',
  SUBMITTED: 'Submitted for review',
  APPROVED: 'Approved, not yet issued',
  FINAL: 'Final',
};

/** The same words the safeguarding view uses for each category. */
export { CATEGORY_LABELS as FLAG_CATEGORY } from './flag-labels';

export const FLAG_SEVERITY: Record<FlagSeverity, Badge> = {
  CRITICAL: { text: 'Critical', icon: '‼', tone: 'bad' },
  HIGH: { text: 'High', icon: '▲', tone: 'bad' },
  MEDIUM: { text: 'Medium', icon: '◆', tone: 'warn' },
  LOW: { text: 'Low', icon: '▽', tone: 'neutral' },
};

export const FLAG_STATUS: Record<FlagStatus, Badge> = {
  OPEN: { text: 'Open: nobody has acknowledged it', icon: '!', tone: 'bad' },
  ESCALATED: { text: 'Escalated', icon: '⇧', tone: 'bad' },
  ACKNOWLEDGED: { text: 'Acknowledged', icon: '✓', tone: 'warn' },
  RESOLVED: { text: 'Resolved', icon: '■', tone: 'neutral' },
};

/** "83%", or a sentence when no session counts yet (the API sends null then, not 0). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return 'No sessions counted yet';
  return `${Math.round(Math.min(1, Math.max(0, rate)) * 100)}%`;
}

/** How the rate was worked out, so a reader knows what "83%" is out of. */
export function rateBasis(sessionsCounted: number): string {
  if (sessionsCounted === 0) return 'Explained absences and centre cancellations do not count.';
  const s = sessionsCounted === 1 ? 'session' : 'sessions';
  return `Of ${sessionsCounted} ${s} that count; explained absences and centre cancellations do not.`;
}

/**
 * The three-strikes position in words (the domain's, docs/domain.md rule 8): how many unexplained absences in a row,
 * and what the next ones would do. The last absence before a suspension is marked as bad as the run past it.
 */
export function strikesText(consecutive: number, suspended: boolean): Badge {
  if (suspended) return { text: suspendedAfterRunText(consecutive), icon: '‖', tone: 'bad' };
  const { text, toGo } = strikeRunInWords(consecutive);
  if (consecutive <= 0) return { text, icon: '✓', tone: 'good' };
  return toGo > 1 ? { text, icon: '!', tone: 'warn' } : { text, icon: '▲', tone: 'bad' };
}

/** "2 hours 5 minutes ago" style relative wording, for flags raised moments before. */
export function sinceText(iso: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}
