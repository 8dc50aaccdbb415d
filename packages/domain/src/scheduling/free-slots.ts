/**
 * Finding a time that works: every timing rule (docs/domain.md rules 1 and 2, through {@link checkSchedule}), and
 * nobody and no room in two places at once (rule 3), with the family's usual supervisor and room preferred (rule 4).
 */
import { fromLondonDateKey, parseClock, weekdayOfDateKey } from '../time/london.js';
import { checkSchedule, type ScheduleCheckInput } from './check-schedule.js';
import { DEFAULT_OPENING_HOURS } from './opening-hours.js';
import { roomOccupancy, STAGGER_MINUTES, TURNOVER_GAP_MINUTES } from './stagger.js';
import { overlaps, type TimeRange } from './time-range.js';

/**
 * A session already booked, as the span it holds (see {@link roomOccupancy}: arrivals, departure and tidying), the
 * room and people it holds, and the caller's own reference to it (to name it in a message).
 */
export interface BusySpan<T = unknown> {
  held: TimeRange;
  roomId: string;
  /** Its supervisor and any second member of staff. */
  staffIds: readonly string[];
  childId: string | null;
  ref: T;
}

/** A proposed session: its time (the child's time), room and staff. */
export interface SlotChoice {
  session: TimeRange;
  roomId: string;
  supervisorId: string;
  secondStaffId: string | null;
}

/** Who or what a proposed session would hold twice (rule 3). */
export type SlotClashKind = 'room' | 'supervisor' | 'second_staff' | 'child';

/** A session a proposed one clashes with, and over what. */
export interface SlotClash<T = unknown> {
  kind: SlotClashKind;
  /** The member of staff double booked, for `supervisor` and `second_staff`. */
  staffId: string | null;
  with: BusySpan<T>;
}

/**
 * Every booked session a proposed one would clash with (rule 3): the same room, the same person as supervisor or
 * second member of staff in either part, or the same child, over spans that overlap. The proposed session holds
 * `roomOccupancy(session, turnoverMinutes)`, as the database computes it; touching spans do not clash. A busy span
 * whose ref is in `except` (the session being moved) is ignored.
 */
export function slotClashes<T>(
  choice: SlotChoice,
  busy: readonly BusySpan<T>[],
  options: { childId?: string | null; turnoverMinutes?: number; except?: ReadonlySet<T> } = {},
): SlotClash<T>[] {
  const held = roomOccupancy(choice.session, options.turnoverMinutes ?? TURNOVER_GAP_MINUTES);
  const found: SlotClash<T>[] = [];
  for (const b of busy) {
    if (options.except?.has(b.ref) || !overlaps(held, b.held)) continue;
    if (b.roomId === choice.roomId) found.push({ kind: 'room', staffId: null, with: b });
    if (b.staffIds.includes(choice.supervisorId)) {
      found.push({ kind: 'supervisor', staffId: choice.supervisorId, with: b });
    }
    if (choice.secondStaffId !== null && b.staffIds.includes(choice.secondStaffId)) {
      found.push({ kind: 'second_staff', staffId: choice.secondStaffId, with: b });
    }
    if (options.childId && b.childId === options.childId)
      found.push({ kind: 'child', staffId: null, with: b });
  }
  return found;
}

/** Where to look for free times, and what they must fit around. */
export interface FreeSlotSearch<T = unknown> {
  /** The London days to look on, `YYYY-MM-DD`. */
  days: readonly string[];
  /** Minutes of the child's time. */
  durationMinutes: number;
  now: Date;
  /** Opening hours, school, work and session lengths, as {@link checkSchedule} takes them. */
  schedule?: Omit<ScheduleCheckInput, 'session' | 'now'>;
  /** Rooms that may be used; at least one. */
  roomIds: readonly string[];
  /** Supervisors who may be used; at least one. Pass just one to keep a supervisor. */
  supervisorIds: readonly string[];
  secondStaffId?: string | null;
  childId?: string | null;
  /** Everything already booked that could be in the way. */
  busy: readonly BusySpan<T>[];
  /** The centre's turnover gap; {@link TURNOVER_GAP_MINUTES} by default. */
  turnoverMinutes?: number;
  /** The family's usual supervisor and room, tried first (rule 4). */
  prefer?: { supervisorId?: string | null; roomId?: string | null };
  /** When given, times nearer it rank first (among equally preferred staff and rooms) instead of the earliest. */
  around?: Date;
  /** Start times are tried every this many minutes of the London clock; 15 by default. */
  stepMinutes?: number;
  /** Busy spans to ignore, by ref (the sessions being moved). */
  except?: ReadonlySet<T>;
  limit: number;
}

/** A free time, with the room and supervisor free for it. */
export interface FreeSlot extends TimeRange {
  roomId: string;
  supervisorId: string;
  preferredSupervisor: boolean;
  preferredRoom: boolean;
}

function preferredFirst(ids: readonly string[], preferred: string | null | undefined): string[] {
  return [...ids].sort((a, b) => Number(b === preferred) - Number(a === preferred));
}

/** Start times on a day worth checking: on the step, from when the first parent could arrive to closing. */
function candidateStarts(dateKey: string, search: FreeSlotSearch<unknown>, step: number): Date[] {
  const hours = (search.schedule?.openingHours ?? DEFAULT_OPENING_HOURS)[weekdayOfDateKey(dateKey)];
  if (hours === null) return [];
  const from = Math.ceil((parseClock(hours.open) + STAGGER_MINUTES) / step) * step;
  const to = Math.min(parseClock(hours.close), 24 * 60 - 1);
  const starts = new Map<number, Date>();
  for (let m = from; m <= to; m += step) {
    const clock = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const start = fromLondonDateKey(dateKey, clock);
    starts.set(start.getTime(), start);
  }
  return [...starts.values()];
}

/**
 * The free times in the given days, best first: the family's usual supervisor and room together, then the usual
 * supervisor in another room, then the usual room with another supervisor, then any; within each, the earliest (or,
 * with `around`, the nearest to it). Every time returned passes {@link checkSchedule} and clashes with nothing in
 * `busy` ({@link slotClashes}); each start time is offered once, with its best room and supervisor.
 */
export function findFreeSlots<T>(search: FreeSlotSearch<T>): FreeSlot[] {
  const step = search.stepMinutes ?? 15;
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`Invalid step: ${step}`);
  const rooms = preferredFirst(search.roomIds, search.prefer?.roomId);
  const supervisors = preferredFirst(search.supervisorIds, search.prefer?.supervisorId);
  const ranked: { slot: FreeSlot; rank: number; distance: number }[] = [];
  for (const dateKey of search.days) {
    for (const start of candidateStarts(dateKey, search, step)) {
      const session = { start, end: new Date(start.getTime() + search.durationMinutes * 60_000) };
      if (checkSchedule({ ...search.schedule, session, now: search.now }).length > 0) continue;
      const free = bestPair(search, session, supervisors, rooms);
      if (!free) continue;
      const rank = preferenceRank(free);
      const distance = Math.abs(start.getTime() - (search.around ?? search.now).getTime());
      ranked.push({ slot: free, rank, distance: search.around ? distance : start.getTime() });
    }
  }
  ranked.sort(
    (a, b) => a.rank - b.rank || a.distance - b.distance || a.slot.start.getTime() - b.slot.start.getTime(),
  );
  return ranked.slice(0, Math.max(0, search.limit)).map((r) => r.slot);
}

/** 0 for the usual supervisor and room, 1 the usual supervisor only, 2 the usual room only, 3 neither. */
function preferenceRank(s: Pick<FreeSlot, 'preferredSupervisor' | 'preferredRoom'>): number {
  return (s.preferredSupervisor ? 0 : 2) + (s.preferredRoom ? 0 : 1);
}

function bestPair<T>(
  search: FreeSlotSearch<T>,
  session: TimeRange,
  supervisors: readonly string[],
  rooms: readonly string[],
): FreeSlot | null {
  const options = {
    childId: search.childId ?? null,
    turnoverMinutes: search.turnoverMinutes ?? TURNOVER_GAP_MINUTES,
    ...(search.except ? { except: search.except } : {}),
  };
  let best: FreeSlot | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const supervisorId of supervisors) {
    if (supervisorId === search.secondStaffId) continue;
    for (const roomId of rooms) {
      const choice = { session, roomId, supervisorId, secondStaffId: search.secondStaffId ?? null };
      if (slotClashes(choice, search.busy, options).length > 0) continue;
      const preferredSupervisor = !search.prefer?.supervisorId || supervisorId === search.prefer.supervisorId;
      const preferredRoom = !search.prefer?.roomId || roomId === search.prefer.roomId;
      const rank = preferenceRank({ preferredSupervisor, preferredRoom });
      if (rank < bestRank) {
        best = { ...session, roomId, supervisorId, preferredSupervisor, preferredRoom };
        bestRank = rank;
      }
      if (rank === 0) return best;
    }
  }
  return best;
}
