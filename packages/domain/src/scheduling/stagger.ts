/**
 * Staggered arrivals and how long a session holds its room (docs/domain.md rules 2 and 3).
 */
import { widen, type TimeRange } from './time-range.js';

/**
 * Minutes a room stays blocked after the parent leaves so it can be tidied before the next family
 * (rule 3's "turnover gap"). Kinroom's default; a centre may pass another value to {@link roomOccupancy}.
 */
export const TURNOVER_GAP_MINUTES = 15;

/**
 * Minutes the parent arrives before the child, and leaves after the child (rule 2: "at least 15 minutes").
 */
export const STAGGER_MINUTES = 15;

/** The four moments of a staggered session. */
export interface StaggeredTimes {
  /** The time the parent is told to be at the centre by. */
  parentArriveBy: Date;
  /** When the child is brought in: the session's start. */
  childArrivesAt: Date;
  /** When the child leaves with their carer or transport: the session's end. */
  childLeavesAt: Date;
  /** The earliest the parent may leave, once the child is on their way. */
  parentLeavesFrom: Date;
}

/**
 * The staggered arrival and departure times for a session (rule 2). A session's range is the child's time
 * with the parent. The parent arrives {@link STAGGER_MINUTES} before the child is brought in, and leaves
 * {@link STAGGER_MINUTES} after the child has gone, so that the family and the carers never meet at the door.
 */
export function stagger(session: TimeRange): StaggeredTimes {
  const stay = widen(session, STAGGER_MINUTES, STAGGER_MINUTES);
  return {
    parentArriveBy: stay.start,
    childArrivesAt: session.start,
    childLeavesAt: session.end,
    parentLeavesFrom: stay.end,
  };
}

/**
 * The span of time a session holds its room, and its supervisor, for double-booking purposes (rule 3):
 *
 * `[session.start − STAGGER_MINUTES, session.end + STAGGER_MINUTES + turnoverMinutes)`
 *
 * that is, from the parent's arrival, through the parent's departure, plus the turnover gap for tidying.
 * The range is half-open, so a session whose occupancy starts exactly when another's ends does not clash.
 * The database exclusion constraint uses exactly this range (`tstzrange(start, end, '[)')` with `&&`), so with
 * the defaults two sessions in one room need at least 45 minutes between one child leaving and the next child
 * arriving: 15 for the first parent to leave, 15 to tidy, 15 for the next parent to arrive.
 *
 * Throws `RangeError` for a negative turnover.
 */
export function roomOccupancy(session: TimeRange, turnoverMinutes: number = TURNOVER_GAP_MINUTES): TimeRange {
  if (!Number.isFinite(turnoverMinutes) || turnoverMinutes < 0) {
    throw new RangeError(`Invalid turnover gap: ${turnoverMinutes}`);
  }
  return widen(session, STAGGER_MINUTES, STAGGER_MINUTES + turnoverMinutes);
}
