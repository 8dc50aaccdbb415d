/**
 * The day-before reminder of a contact session and the family's own times in it (docs/notifications.md,
 * "Reminders"; docs/domain.md rules 1 and 2).
 */
import { stagger } from '../scheduling/stagger.js';
import type { TimeRange } from '../scheduling/time-range.js';
import { addDaysToDateKey, formatLondonTime, fromLondonDateKey, londonDateKey } from '../time/london.js';

/** The London clock time, on the day before a session, from which the family's reminder is sent. */
export const REMINDER_CLOCK = '10:00';

/**
 * When the family's reminder of a session falls due: 10:00 London time on the London day before the session's
 * London day (rule 1: the centre's calendar), whatever the clocks do in between.
 */
export function reminderDueAt(sessionStart: Date): Date {
  return fromLondonDateKey(addDaysToDateKey(londonDateKey(sessionStart), -1), REMINDER_CLOCK);
}

/**
 * Whether a session's reminder is to be sent at `now`: from its due moment until the session starts. A session
 * booked after 10:00 the day before (or on the day) is reminded at once; one that has started is not reminded.
 */
export function isReminderDue(sessionStart: Date, now: Date): boolean {
  return now.getTime() >= reminderDueAt(sessionStart).getTime() && now.getTime() < sessionStart.getTime();
}

/**
 * The longest a reminder can fall due before its session starts (10:00 the day before a session at the very end of
 * its day, with an hour for a clock change): a planner need look no further ahead than this.
 */
export const REMINDER_LOOKAHEAD_MS = (24 + 14 + 1) * 3_600_000;

/** What a family member is told of a session's times, in London wall-clock words. */
export interface FamilyTimes {
  /** The instant the family member is to be at the centre by (rule 2: before the child is brought). */
  arriveBy: Date;
  /** The London date of the session, `YYYY-MM-DD`. */
  dateKey: string;
  /** `HH:MM`: the time to arrive by. */
  arriveByClock: string;
  /** `HH:MM`: when the child is brought in (the session's start). */
  childArrivesClock: string;
  /** `HH:MM`: when the child leaves (the session's end). */
  childLeavesClock: string;
}

/**
 * A family member's own times for a session: the date, the time to arrive by (the staggered arrival of rule 2, before
 * the child is brought), and the child's time in the room, all in London time (rule 1).
 */
export function familyTimes(session: TimeRange): FamilyTimes {
  const s = stagger(session);
  return {
    arriveBy: s.parentArriveBy,
    dateKey: londonDateKey(session.start),
    arriveByClock: formatLondonTime(s.parentArriveBy),
    childArrivesClock: formatLondonTime(s.childArrivesAt),
    childLeavesClock: formatLondonTime(s.childLeavesAt),
  };
}
