import type { AttendanceOutcome, SessionStatus, SessionStep } from '../../gql/graphql';

export interface StepOption {
  step: SessionStep;
  label: string;
  /** The usual next step is the big button; the others are offered beside it, smaller. */
  primary: boolean;
  /** Steps that cannot be undone ask for a second, explicit press. */
  confirm: string | null;
}

const PARENT: StepOption = {
  step: 'RECORD_PARENT_ARRIVAL',
  label: 'Check in parent',
  primary: true,
  confirm: null,
};
const NO_SHOW: StepOption = {
  step: 'RECORD_NO_SHOW',
  label: 'Record no-show',
  primary: false,
  confirm: 'Record that the family member did not come? This counts towards attendance and cannot be undone.',
};

/**
 * The steps a supervisor may take next, in the order a session runs (DOMAIN.md rule 2: the parent arrives before
 * the child; contact starts once both are there). A no-show is offered only once the session's start has passed,
 * which is when the API accepts it; before that the family may still come, or send notice.
 */
export function nextSteps(s: { status: SessionStatus; startsAt: string }, now: Date): StepOption[] {
  switch (s.status) {
    case 'SCHEDULED':
      return now.getTime() >= Date.parse(s.startsAt) ? [PARENT, NO_SHOW] : [PARENT];
    case 'PARENT_ARRIVED':
      return [{ step: 'RECORD_CHILD_ARRIVAL', label: 'Child arrived', primary: true, confirm: null }];
    case 'CHILD_ARRIVED':
      return [{ step: 'START', label: 'Start contact', primary: true, confirm: null }];
    case 'IN_PROGRESS':
      return [
        {
          step: 'END',
          label: 'End contact',
          primary: true,
          confirm: 'End contact now? Attendance is recorded and the room is marked for tidying.',
        },
      ];
    default:
      return [];
  }
}

export const STATUS_LABELS: Record<SessionStatus, { text: string; icon: string }> = {
  SCHEDULED: { text: 'Scheduled', icon: '○' },
  PARENT_ARRIVED: { text: 'Parent arrived', icon: '◔' },
  CHILD_ARRIVED: { text: 'Child arrived', icon: '◑' },
  IN_PROGRESS: { text: 'In progress', icon: '●' },
  ENDED: { text: 'Ended', icon: '✓' },
  NOT_ATTENDED: { text: 'Not attended', icon: '✕' },
  CANCELLED: { text: 'Cancelled', icon: '⊘' },
};

/** Attendance in words, as the three-strikes rule (DOMAIN.md rule 8) counts it. */
export function attendanceText(a: { outcome: AttendanceOutcome; minutesLate?: number | null }): string {
  switch (a.outcome) {
    case 'ATTENDED':
      return 'Attended';
    case 'LATE_WITHIN_GRACE':
      return `Attended, ${a.minutesLate ?? 0} min late (within the grace period)`;
    case 'EXPLAINED_ABSENCE':
      return 'Absent with notice given before the session (explained)';
    case 'UNEXPLAINED_NO_SHOW':
      return 'Did not attend, no notice before the session (unexplained: counts towards three strikes)';
    case 'CENTRE_CANCELLED':
      return 'Cancelled by the centre';
  }
}

/** A session in which contact took place, so its supervisor may write the observation record. */
export function contactHasStarted(s: { status: SessionStatus; startedAt?: string | null }): boolean {
  return Boolean(s.startedAt) && (s.status === 'IN_PROGRESS' || s.status === 'ENDED');
}
