/**
 * When an observation report is due (docs/domain.md rule 9: "due within 5 working days").
 */
import type { SessionKind, SessionStatus } from '../sessions/session-lifecycle.js';
import { addWorkingDays, type BankHolidayNation } from '../time/bank-holidays.js';
import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '../time/london.js';
import type { ObservationStatus } from './observation-report.js';

/** Working days a supervisor has to finish the report of a session (rule 9). */
export const REPORT_DUE_WORKING_DAYS = 5;

/**
 * When the report of a session is due: the end of the 5th working day after the London date the session
 * ended on (rule 9). Working days exclude weekends and the bank holidays of the centre's nation; the session's own
 * day is never counted, even if it was a working day. "End of the day" is 23:59:59.999 London time, returned
 * as the corresponding instant (so 22:59:59.999 UTC in summer). A session that ends on a Friday evening is
 * due at the end of the next Friday; one on Maundy Thursday 2 April 2026 is due at the end of Monday 13 April in
 * England and Wales, because Good Friday and Easter Monday do not count, and of Friday 10 April in Scotland, where
 * Easter Monday is a working day.
 */
export function reportDueDate(sessionEnd: Date, nation: BankHolidayNation): Date {
  const dueDay = addWorkingDays(londonDateKey(sessionEnd), REPORT_DUE_WORKING_DAYS, nation);
  // London midnight never falls in a clock change (they happen at 01:00 UTC), so this is exact.
  return new Date(fromLondonDateKey(addDaysToDateKey(dueDay, 1), '00:00').getTime() - 1);
}

/** Whether a report due at `dueAt` is overdue at `now`: strictly after the due instant. */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime();
}

/** What decides whether a session owes an observation report, and when. */
export interface SessionOwingReport {
  /** Whether the contact is supervised; supported contact notes attendance only. */
  supervised: boolean;
  kind: SessionKind;
  status: SessionStatus;
  /** When contact started; null when it never did. */
  startedAt: Date | null;
  /** When contact ended, if someone recorded the end. */
  endedAt: Date | null;
  /** When the session was booked to end. */
  endsAt: Date;
}

/**
 * Whether a session needs an observation report (rule 9 and "Supported vs supervised contact"): a contact session
 * under a supervised agreement, in which contact took place (it started, and was neither cancelled nor missed).
 * Supported contact, pre-contact visits and planning meetings note attendance only.
 */
export function reportRequired(s: SessionOwingReport): boolean {
  return (
    s.supervised &&
    s.kind === 'contact' &&
    s.startedAt !== null &&
    s.status !== 'cancelled' &&
    s.status !== 'not_attended'
  );
}

/**
 * When a session's report is due: 5 working days from the session's end (its recorded end, else its booked end),
 * whether or not anyone has started writing it (rule 9).
 */
export function reportDueFor(
  s: Pick<SessionOwingReport, 'endedAt' | 'endsAt'>,
  nation: BankHolidayNation,
): Date {
  return reportDueDate(s.endedAt ?? s.endsAt, nation);
}

/**
 * Whether a session's report is overdue at `now`: the session needs one, it is not final (or was never started:
 * `observationStatus` null), and its due time has passed. A record nobody opened is as overdue as a draft.
 */
export function isReportOverdue(
  s: SessionOwingReport,
  observationStatus: ObservationStatus | null,
  now: Date,
  nation: BankHolidayNation,
): boolean {
  return reportRequired(s) && observationStatus !== 'final' && isOverdue(reportDueFor(s, nation), now);
}
