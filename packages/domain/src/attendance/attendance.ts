/**
 * What a parent's attendance at one session counts as (DOMAIN.md rules 6, 7 and 8).
 */

/** How one session's attendance is recorded for the three-strikes rule. */
export type AttendanceOutcome =
  'attended' | 'late_within_grace' | 'explained_absence' | 'centre_cancelled' | 'unexplained_no_show';

/** Every {@link AttendanceOutcome}. */
export const ATTENDANCE_OUTCOMES = [
  'attended',
  'late_within_grace',
  'explained_absence',
  'centre_cancelled',
  'unexplained_no_show',
] as const satisfies readonly AttendanceOutcome[];

/** Words for each {@link AttendanceOutcome}. */
export const ATTENDANCE_OUTCOME_LABELS: Readonly<Record<AttendanceOutcome, string>> = {
  attended: 'Attended',
  late_within_grace: 'Attended (late, within the grace period)',
  explained_absence: 'Absent, with notice given before the session',
  centre_cancelled: 'Cancelled by the centre',
  unexplained_no_show: 'Did not attend, no notice before the session',
};

/**
 * Minutes a parent may be late and still count as attending. Rule 8 notes that common practice allows
 * 10–15 minutes; Kinroom uses the generous end so that the three-strikes rule never turns on a bus
 * running a few minutes late.
 */
export const LATENESS_GRACE_MINUTES = 15;

/** What is known about one session's attendance. */
export interface AttendanceInput {
  /** When the child's part of the session was due to start. */
  scheduledStart: Date;
  /** When the parent was checked in, if they came. */
  parentArrivedAt?: Date | null;
  /** When the centre received the parent's notice that they could not come, if it did. */
  absenceNoticeReceivedAt?: Date | null;
  /** True when the centre cancelled the session (rule 6), whatever else happened. */
  cancelledByCentre?: boolean;
  /** Minutes of lateness tolerated; defaults to {@link LATENESS_GRACE_MINUTES}. */
  graceMinutes?: number;
}

/**
 * Classifies one session's attendance, in this order:
 *
 * 1. **Centre cancellation** (rule 6) wins over everything: the parent cannot be blamed for a session the
 *    centre called off.
 * 2. **The parent came in time** – at or before the start is `attended`; after the start but no more than
 *    `graceMinutes` late is `late_within_grace` (rule 8's grace for lateness). A parent who sent a notice and
 *    then came anyway *attended*: what matters is that they were there.
 * 3. **A notice received strictly before the scheduled start** makes the absence `explained_absence`
 *    (rule 7). A notice at or after the start explains nothing: the rule asks for it *before*. This also
 *    applies to a parent who gave notice and then turned up later than the grace period.
 * 4. Otherwise – no arrival, or an arrival later than the grace period, and no valid notice – the session
 *    is an `unexplained_no_show`.
 *
 * Throws `RangeError` for an invalid date or a negative or non-finite grace.
 */
export function classifyAttendance(input: AttendanceInput): AttendanceOutcome {
  const start = input.scheduledStart.getTime();
  if (Number.isNaN(start)) throw new RangeError('Invalid scheduledStart');
  const grace = input.graceMinutes ?? LATENESS_GRACE_MINUTES;
  if (!Number.isFinite(grace) || grace < 0) throw new RangeError(`Invalid grace period: ${grace}`);

  if (input.cancelledByCentre === true) return 'centre_cancelled';

  const arrived = input.parentArrivedAt?.getTime();
  if (arrived !== undefined && !Number.isNaN(arrived)) {
    if (arrived <= start) return 'attended';
    if (arrived <= start + grace * 60_000) return 'late_within_grace';
  }

  const notice = input.absenceNoticeReceivedAt?.getTime();
  if (notice !== undefined && !Number.isNaN(notice) && notice < start) return 'explained_absence';

  return 'unexplained_no_show';
}

/** Whether an outcome is a strike towards suspension: only an unexplained no-show is (rule 8). */
export function countsAsStrike(o: AttendanceOutcome): boolean {
  return o === 'unexplained_no_show';
}

/**
 * Whether an outcome wipes the strike count: only a session the parent attended, on time or within the
 * grace period, does (rule 8: "an attended session resets the count").
 */
export function resetsStrikes(o: AttendanceOutcome): boolean {
  return o === 'attended' || o === 'late_within_grace';
}

/**
 * Whether an outcome is neutral: explained absences and centre cancellations neither count nor reset
 * (rule 8), so the three-strikes rule skips over them.
 */
export function isNeutralOutcome(o: AttendanceOutcome): boolean {
  return !countsAsStrike(o) && !resetsStrikes(o);
}
