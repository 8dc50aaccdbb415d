/**
 * When an observation report is due (DOMAIN.md rule 9: "due within 5 working days").
 */
import { addWorkingDays } from '../time/bank-holidays.js';
import { addDaysToDateKey, fromLondonDateKey, londonDateKey } from '../time/london.js';

/** Working days a supervisor has to finish the report of a session (rule 9). */
export const REPORT_DUE_WORKING_DAYS = 5;

/**
 * When the report of a session is due: the end of the 5th working day after the London date the session
 * ended on (rule 9). Working days exclude weekends and England and Wales bank holidays; the session's own
 * day is never counted, even if it was a working day. "End of the day" is 23:59:59.999 London time, returned
 * as the corresponding instant (so 22:59:59.999 UTC in summer). A session that ends on a Friday evening is
 * due at the end of the next Friday; one on Maundy Thursday 2 April 2026 is due at the end of Monday 13 April,
 * because Good Friday and Easter Monday do not count.
 */
export function reportDueDate(sessionEnd: Date): Date {
  const dueDay = addWorkingDays(londonDateKey(sessionEnd), REPORT_DUE_WORKING_DAYS);
  // London midnight never falls in a clock change (they happen at 01:00 UTC), so this is exact.
  return new Date(fromLondonDateKey(addDaysToDateKey(dueDay, 1), '00:00').getTime() - 1);
}

/** Whether a report due at `dueAt` is overdue at `now`: strictly after the due instant. */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime();
}
