/**
 * The steps a supervisor takes as a session happens, as offered on screen (docs/domain.md rules 2, 7 and 8): which
 * ones may be taken next, in words, following the same rules the API applies when they are recorded.
 */
import type { AttendanceOutcome } from '../attendance/attendance.js';
import { STRIKES_WORDING } from '../attendance/three-strikes.js';
import { formatLondonTime } from '../time/london.js';
import { checkStepTiming, type SessionEvent, type SessionStatus } from './session-lifecycle.js';

/** What a supervisor records as a session happens: every {@link SessionEvent} but cancelling, which is the centre's. */
export type SessionStep = Exclude<SessionEvent, 'cancel'>;

/** A step offered to the supervisor. */
export interface SessionStepOption {
  step: SessionStep;
  label: string;
  /** The usual next step is the big button; the others are offered beside it, smaller. */
  primary: boolean;
  /** Steps that cannot be undone ask for a second, explicit press. */
  confirm: string | null;
}

const PARENT: SessionStepOption = {
  step: 'record_parent_arrival',
  label: 'Check in parent',
  primary: true,
  confirm: null,
};
const NO_SHOW: SessionStepOption = {
  step: 'record_no_show',
  label: 'Record no-show',
  primary: false,
  confirm: 'Record that the family member did not come? This counts towards attendance and cannot be undone.',
};

/** The steps the session's status leads to next, whatever the time. */
function stepsFrom(status: SessionStatus): SessionStepOption[] {
  switch (status) {
    case 'scheduled':
      return [PARENT, NO_SHOW];
    case 'parent_arrived':
      return [{ step: 'record_child_arrival', label: 'Child arrived', primary: true, confirm: null }];
    case 'child_arrived':
      return [{ step: 'start', label: 'Start contact', primary: true, confirm: null }];
    case 'in_progress':
      return [
        {
          step: 'end',
          label: 'End contact',
          primary: true,
          confirm: 'End contact now? Attendance is recorded and the room is marked for tidying.',
        },
      ];
    default:
      return [];
  }
}

/** A session as far as its next steps go. */
export interface SessionStepsInput {
  status: SessionStatus;
  scheduledStart: Date;
}

/**
 * The steps a supervisor may take next, in the order a session runs (rule 2: the parent arrives before the child;
 * contact starts once both are there), and only those {@link checkStepTiming} allows at `now`: arrivals and the start
 * from an hour before the booked start, the end and a no-show (which record the outcome) once it has come. Before
 * that the family may still come, or send notice.
 */
export function nextSessionSteps(s: SessionStepsInput, now: Date): SessionStepOption[] {
  return stepsFrom(s.status).filter(
    (o) => checkStepTiming({ event: o.step, scheduledStart: s.scheduledStart, now }).ok,
  );
}

/** When the session's next step opens, in words ("Check in parent from 15:00."), while its time has not yet come. */
export function sessionStepsOpenText(s: SessionStepsInput, now: Date): string | null {
  const first = stepsFrom(s.status)[0];
  if (!first) return null;
  const t = checkStepTiming({ event: first.step, scheduledStart: s.scheduledStart, now });
  return t.ok ? null : `${first.label} from ${formatLondonTime(t.opensAt)}.`;
}

/** A session in which contact took place, so that its supervisor may write the observation record (rule 9). */
export function contactHasStarted(s: { status: SessionStatus; startedAt: Date | null }): boolean {
  return s.startedAt !== null && (s.status === 'in_progress' || s.status === 'ended');
}

/** A session's attendance in words, as the three-strikes rule (rule 8) counts it. */
export function attendanceInWords(outcome: AttendanceOutcome, minutesLate: number | null = null): string {
  switch (outcome) {
    case 'attended':
      return 'Attended';
    case 'late_within_grace':
      return `Attended, ${minutesLate ?? 0} min late (within the grace period)`;
    case 'explained_absence':
      return 'Absent, explained (notice before the session, or corrected by the centre manager)';
    case 'unexplained_no_show':
      return `Did not attend, no notice before the session (unexplained: counts towards ${STRIKES_WORDING.ruleName})`;
    case 'centre_cancelled':
      return 'Cancelled by the centre';
  }
}
