/**
 * What a parent's attendance at one session counts as (docs/domain.md rules 6, 7 and 8).
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

/** The two times of an absence notice: the one claimed by whoever took it, and the server's. */
export interface AbsenceNoticeTimes {
  /** When the centre says it received the notice (what the person recording it typed in). */
  receivedAt: Date;
  /** When the notice was recorded, by the server's clock. */
  recordedAt: Date;
}

/**
 * Whether a notice explains an absence (rule 7: "a notice received before the start is an explained absence").
 * Both times must be strictly before the scheduled start: the received time is only a claim, so a notice recorded
 * at or after the start cannot explain anything by itself, whatever received time it carries; otherwise anyone
 * could turn a strike into an explained absence by typing in an earlier time. Such a late notice is kept, and the
 * outcome changes only through a reasoned correction by the centre manager (see {@link checkAttendanceCorrection}).
 */
export function noticeExplainsAbsence(notice: AbsenceNoticeTimes, scheduledStart: Date): boolean {
  const start = scheduledStart.getTime();
  const received = notice.receivedAt.getTime();
  const recorded = notice.recordedAt.getTime();
  if ([start, received, recorded].some(Number.isNaN)) return false;
  return received < start && recorded < start && received <= recorded;
}

/** What is known about one session's attendance. */
export interface AttendanceInput {
  /** When the child's part of the session was due to start. */
  scheduledStart: Date;
  /** When the parent was checked in, if they came. */
  parentArrivedAt?: Date | null;
  /** The parent's notice that they could not come, if one was recorded before this outcome. */
  absenceNotice?: AbsenceNoticeTimes | null;
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
 * 3. **A notice received and recorded strictly before the scheduled start** makes the absence
 *    `explained_absence` (rule 7, see {@link noticeExplainsAbsence}). A notice at or after the start explains
 *    nothing: the rule asks for it *before*. This also applies to a parent who gave notice and then turned up
 *    later than the grace period.
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

  if (input.absenceNotice && noticeExplainsAbsence(input.absenceNotice, input.scheduledStart)) {
    return 'explained_absence';
  }

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

/** The outcomes a centre manager may correct an absence to, and from (rule 7). */
export const CORRECTABLE_OUTCOMES = [
  'explained_absence',
  'unexplained_no_show',
] as const satisfies readonly AttendanceOutcome[];

/** Why a correction is refused, as a stable reason a caller can switch on. */
export type AttendanceCorrectionRefusal = 'not_an_absence' | 'unchanged' | 'reason_required';

/**
 * Whether a recorded outcome may be corrected to another (rule 7). Only an absence is corrected, and only to the
 * other kind of absence: a late notice the manager accepts turns an unexplained no-show into an explained absence,
 * and a notice found wanting turns an explained absence back. Attendance comes from the arrival times and a
 * cancellation from the centre's own record, so neither is ever set by a correction. A reason is always required;
 * the correction is kept beside the outcome, never instead of it. Returns null when allowed.
 */
export function checkAttendanceCorrection(
  from: AttendanceOutcome,
  to: AttendanceOutcome,
  reason: string,
): AttendanceCorrectionRefusal | null {
  const absences: readonly AttendanceOutcome[] = CORRECTABLE_OUTCOMES;
  if (!absences.includes(from) || !absences.includes(to)) return 'not_an_absence';
  if (from === to) return 'unchanged';
  if (reason.trim() === '') return 'reason_required';
  return null;
}

/**
 * How the family was told that the centre cancelled a session (docs/domain.md rule 6: who, why, and when the family
 * was told). `kinroom_message` is set when Kinroom's own message to the family is delivered; the others are what a
 * member of staff records having done.
 */
export type FamilyInformedMethod =
  'phone' | 'in_person' | 'text_message' | 'email' | 'letter' | 'kinroom_message';

/** Every {@link FamilyInformedMethod}. */
export const FAMILY_INFORMED_METHODS = [
  'phone',
  'in_person',
  'text_message',
  'email',
  'letter',
  'kinroom_message',
] as const satisfies readonly FamilyInformedMethod[];

/** Each {@link FamilyInformedMethod} as it reads after "the family was told": "by phone", "in person". */
export const FAMILY_INFORMED_METHOD_WORDS: Readonly<Record<FamilyInformedMethod, string>> = {
  phone: 'by phone',
  in_person: 'in person',
  text_message: 'by text message',
  email: 'by email',
  letter: 'by letter',
  kinroom_message: 'by Kinroom’s message',
};
