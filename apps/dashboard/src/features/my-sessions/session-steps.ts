import {
  isAbsenceNotified,
  sessionWarning as domainSessionWarning,
  attendanceInWords,
  contactHasStarted as domainContactHasStarted,
  nextSessionSteps,
  sessionStepsOpenText,
  type AttendanceOutcome as DomainOutcome,
  type SessionStatus as DomainStatus,
  type SessionStepOption,
} from '@kinroom/domain';
import type { AttendanceOutcome, SessionStatus, SessionStep } from '@kinroom/schema';
import type { NoticeLike } from '../../shared/absence-record';
import { londonTime } from '../../shared/london-time';

/**
 * The session steps a supervisor is offered, from the domain's rule (`nextSessionSteps`, which follows the timing the
 * API applies), in the schema's words: the published enums are the domain's values in capitals.
 */

/** A step offered on screen, named as `recordSessionStep` takes it. */
export interface StepOption extends Omit<SessionStepOption, 'step'> {
  step: SessionStep;
}

const fromSchema = <T extends string>(value: string) => value.toLowerCase() as T;

function forDomain(s: { status: SessionStatus; startsAt: string }) {
  return { status: fromSchema<DomainStatus>(s.status), scheduledStart: new Date(s.startsAt) };
}

/** The steps a supervisor may take next (docs/domain.md rule 2), only those the API takes at this time. */
export function nextSteps(s: { status: SessionStatus; startsAt: string }, now: Date): StepOption[] {
  return nextSessionSteps(forDomain(s), now).map((o) => ({
    ...o,
    step: o.step.toUpperCase() as SessionStep,
  }));
}

/** When the session's next step opens, in words, while its time has not yet come; null once it has. */
export function stepsOpenText(s: { status: SessionStatus; startsAt: string }, now: Date): string | null {
  return sessionStepsOpenText(forDomain(s), now);
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
  return attendanceInWords(fromSchema<DomainOutcome>(a.outcome), a.minutesLate ?? null);
}

/** A session in which contact took place, so its supervisor may write the observation record. */
export function contactHasStarted(s: { status: SessionStatus; startedAt?: string | null }): boolean {
  return domainContactHasStarted({
    status: fromSchema<DomainStatus>(s.status),
    startedAt: s.startedAt ? new Date(s.startedAt) : null,
  });
}

/** What the card needs of a session to say whether the family is coming and what is late or waiting. */
export interface CardSession {
  status: SessionStatus;
  startsAt: string;
  endsAt: string;
  childArrivedAt?: string | null;
  child: { firstName: string; lastInitial: string };
}

/** Whether the family has said they cannot come and the session's outcome is still to record (the domain's rule). */
export function familyNotComing(s: { status: SessionStatus }, notices: readonly NoticeLike[]): boolean {
  return isAbsenceNotified({
    status: fromSchema<DomainStatus>(s.status),
    absenceNotified: notices.length > 0,
  });
}

/**
 * The steps offered once the family has said they cannot come: nobody is checked in or started, so only the
 * outcome is left, once the start has come (the API records it no earlier).
 */
export function stepsWhenNotComing(steps: readonly StepOption[]): StepOption[] {
  return steps.filter((o) => o.step === 'RECORD_NO_SHOW');
}

/** "Mother, by phone told us at 08:12 that they cannot come (explained)." from the first notice. */
export function notComingText(notice: NoticeLike): string {
  const verdict = notice.explainsAbsence ? 'explained' : 'late notice: not explained by itself';
  return `${notice.givenBy} told us at ${londonTime(notice.receivedAt)} that they cannot come (${verdict}).`;
}

/** The session's own warning at `now` (a family late past the grace period, a child kept waiting), or null. */
export function cardWarning(s: CardSession, notComing: boolean, now: Date): string | null {
  const w = domainSessionWarning(
    {
      status: fromSchema<DomainStatus>(s.status),
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
      childArrivedAt: s.childArrivedAt ? new Date(s.childArrivedAt) : null,
      absenceNotified: notComing,
    },
    now,
    `${s.child.firstName} ${s.child.lastInitial}.`,
  );
  return w?.message ?? null;
}
