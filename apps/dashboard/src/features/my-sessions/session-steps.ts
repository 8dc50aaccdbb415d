import { checkStepTiming, formatLondonTime, STRIKES_WORDING, type SessionEvent } from '@kinroom/domain';
import type { AttendanceOutcome, SessionStatus, SessionStep } from '@kinroom/schema';

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

const EVENTS: Record<SessionStep, SessionEvent> = {
  RECORD_PARENT_ARRIVAL: 'record_parent_arrival',
  RECORD_CHILD_ARRIVAL: 'record_child_arrival',
  START: 'start',
  END: 'end',
  RECORD_NO_SHOW: 'record_no_show',
};

/** The steps the session's status leads to next, whatever the time. */
function stepsFrom(status: SessionStatus): StepOption[] {
  switch (status) {
    case 'SCHEDULED':
      return [PARENT, NO_SHOW];
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

/**
 * The steps a supervisor may take next, in the order a session runs (docs/domain.md rule 2: the parent arrives before
 * the child; contact starts once both are there), and only those the API takes at this time (the domain's
 * `checkStepTiming`): arrivals and the start from an hour before the booked start, the end and a no-show (which
 * record the outcome) once it has come. Before that the family may still come, or send notice.
 */
export function nextSteps(s: { status: SessionStatus; startsAt: string }, now: Date): StepOption[] {
  const scheduledStart = new Date(s.startsAt);
  return stepsFrom(s.status).filter(
    (o) => checkStepTiming({ event: EVENTS[o.step], scheduledStart, now }).ok,
  );
}

/** When the session's next step opens, in words, while its time has not yet come; null once it has. */
export function stepsOpenText(s: { status: SessionStatus; startsAt: string }, now: Date): string | null {
  const scheduledStart = new Date(s.startsAt);
  const first = stepsFrom(s.status)[0];
  if (!first) return null;
  const t = checkStepTiming({ event: EVENTS[first.step], scheduledStart, now });
  return t.ok ? null : `${first.label} from ${formatLondonTime(t.opensAt)}.`;
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

/** Attendance in words, as the three-strikes rule (docs/domain.md rule 8) counts it. */
export function attendanceText(a: { outcome: AttendanceOutcome; minutesLate?: number | null }): string {
  switch (a.outcome) {
    case 'ATTENDED':
      return 'Attended';
    case 'LATE_WITHIN_GRACE':
      return `Attended, ${a.minutesLate ?? 0} min late (within the grace period)`;
    case 'EXPLAINED_ABSENCE':
      return 'Absent, explained (notice before the session, or corrected by the centre manager)';
    case 'UNEXPLAINED_NO_SHOW':
      return `Did not attend, no notice before the session (unexplained: counts towards ${STRIKES_WORDING.ruleName})`;
    case 'CENTRE_CANCELLED':
      return 'Cancelled by the centre';
  }
}

/** A session in which contact took place, so its supervisor may write the observation record. */
export function contactHasStarted(s: { status: SessionStatus; startedAt?: string | null }): boolean {
  return Boolean(s.startedAt) && (s.status === 'IN_PROGRESS' || s.status === 'ENDED');
}
