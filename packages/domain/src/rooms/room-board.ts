/**
 * The live room board as a pure function of rooms, sessions, agreements and names at a moment. No database, no
 * clock: the same function serves a board loaded from SQL and, later, one kept in memory from the event stream.
 */
import { stagger } from '../scheduling/stagger.js';
import { occupiesRoom, type SessionKind, type SessionStatus } from '../sessions/session-lifecycle.js';
import type { SupervisionLevel } from '../supervision/supervision-level.js';
import { formatLondonTime, londonDateKey } from '../time/london.js';

/** What staff say about a room. Whether it is occupied is not a condition: it follows from the sessions in it. */
export type RoomCondition = 'ready' | 'needs_tidying' | 'out_of_service';

/** The roles a member of staff can have (docs/domain.md "Who uses it"), as the board names them. */
export type StaffRole = 'centre_manager' | 'supervisor' | 'social_worker' | 'integrator' | 'admin';

/** What the board needs of a room (a `Room` entity fits). */
export interface BoardRoomInput {
  id: string;
  centreId: string;
  name: string;
  capacity: number;
  facilities: readonly string[];
  condition: RoomCondition;
  conditionNote: string | null;
  conditionChangedAt: Date | null;
  version: number;
}

/** What the board needs of a session (a `Session` entity fits). Statuses are as stored now. */
export interface BoardSessionInput {
  id: string;
  roomId: string;
  kind: SessionKind;
  status: SessionStatus;
  startsAt: Date;
  endsAt: Date;
  turnoverMinutes: number;
  parentArrivedAt: Date | null;
  childArrivedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  cancelledAt: Date | null;
  supervisorId: string;
  secondStaffId: string | null;
  agreementId: string;
  childId: string;
  version: number;
}

export interface BoardAgreementInput {
  id: string;
  supervisionLevel: SupervisionLevel;
}

export interface BoardNames {
  children: ReadonlyMap<string, { firstName: string; lastInitial: string }>;
  staff: ReadonlyMap<string, { name: string; role: StaffRole }>;
}

export type RoomState = 'free' | 'occupied' | 'needs_tidying' | 'out_of_service';
export const ROOM_STATES: readonly RoomState[] = ['free', 'occupied', 'needs_tidying', 'out_of_service'];

export type RoomWarningKind =
  'parent_not_arrived' | 'session_overrunning' | 'tidy_before_next_booking' | 'out_of_service_with_booking';
export const ROOM_WARNING_KINDS: readonly RoomWarningKind[] = [
  'parent_not_arrived',
  'session_overrunning',
  'tidy_before_next_booking',
  'out_of_service_with_booking',
];

/** A room's state in words, for boards and legends. */
export const ROOM_STATE_LABELS: Readonly<Record<RoomState, string>> = {
  free: 'Free',
  occupied: 'Occupied',
  needs_tidying: 'Needs tidying',
  out_of_service: 'Out of service',
};

/** Each kind of warning in a few words, beside its full message. */
export const ROOM_WARNING_KIND_LABELS: Readonly<Record<RoomWarningKind, string>> = {
  parent_not_arrived: 'Family not arrived',
  session_overrunning: 'Overrunning',
  tidy_before_next_booking: 'Tidy before next family',
  out_of_service_with_booking: 'Booked into a closed room',
};

/** A warning is raised from this many minutes before the child is due if nobody has arrived. */
export const PARENT_LATE_WARNING_MINUTES = 5;

export interface BoardSession {
  id: string;
  kind: SessionKind;
  /** The status at the board's moment, derived from the recorded times. */
  status: SessionStatus;
  startsAt: Date;
  endsAt: Date;
  parentArriveBy: Date;
  parentArrivedAt: Date | null;
  childArrivedAt: Date | null;
  startedAt: Date | null;
  child: { id: string; firstName: string; lastInitial: string };
  supervisor: { id: string; name: string; role: StaffRole };
  secondStaff: { id: string; name: string; role: StaffRole } | null;
  supervisionLevel: SupervisionLevel;
  version: number;
}

export interface RoomWarning {
  kind: RoomWarningKind;
  sessionId: string | null;
  /** How late, how far over, or how long until the family arrives, depending on the kind. */
  minutes: number | null;
  message: string;
}

export interface RoomBoardEntry {
  room: BoardRoomInput;
  state: RoomState;
  current: BoardSession | null;
  elapsedMinutes: number | null;
  remainingMinutes: number | null;
  next: BoardSession | null;
  warnings: RoomWarning[];
}

export interface RoomBoardCounts {
  free: number;
  occupied: number;
  needsTidying: number;
  outOfService: number;
  warnings: number;
}

export interface RoomBoardView {
  at: Date;
  rooms: RoomBoardEntry[];
  counts: RoomBoardCounts;
}

const MINUTE = 60_000;

/**
 * A session's status at a moment, replayed from the times recorded on it: a board for 14:00 asked at 16:00
 * shows the family that had arrived by 14:00, not what happened after. A moment after the last recorded step
 * shows the status as it stands. A no-show has no recorded time of its own, so it counts from the start.
 */
export function sessionStatusAt(s: BoardSessionInput, at: Date): SessionStatus {
  const t = at.getTime();
  const reached = (d: Date | null) => d !== null && d.getTime() <= t;
  if (s.status === 'cancelled' && (s.cancelledAt === null || reached(s.cancelledAt))) return 'cancelled';
  if (s.status === 'not_attended' && s.startsAt.getTime() <= t) return 'not_attended';
  if (s.status === 'ended' && (s.endedAt === null || reached(s.endedAt))) return 'ended';
  if (reached(s.startedAt)) return 'in_progress';
  if (reached(s.childArrivedAt)) return 'child_arrived';
  if (reached(s.parentArrivedAt)) return 'parent_arrived';
  return 'scheduled';
}

/**
 * Every room of a centre with its live state at `at`:
 * - out of service when staff say so, whatever else is true;
 * - otherwise occupied while a session holds the room (`occupiesRoom`: from the parent's arrival to the end);
 * - otherwise needs tidying when staff say so; otherwise free.
 * Sessions of other rooms, and the next session of other days, are ignored. Rooms keep the order given.
 */
export function computeRoomBoard(
  rooms: readonly BoardRoomInput[],
  sessions: readonly BoardSessionInput[],
  agreements: readonly BoardAgreementInput[],
  names: BoardNames,
  at: Date,
): RoomBoardView {
  const levels = new Map(agreements.map((a) => [a.id, a.supervisionLevel]));
  const byRoom = new Map<string, { s: BoardSessionInput; status: SessionStatus }[]>();
  for (const s of sessions) {
    const status = sessionStatusAt(s, at);
    if (status === 'cancelled') continue;
    const list = byRoom.get(s.roomId) ?? [];
    list.push({ s, status });
    byRoom.set(s.roomId, list);
  }
  const today = londonDateKey(at);
  const view = (s: BoardSessionInput, status: SessionStatus) => boardSession(s, status, at, levels, names);

  const entries = rooms.map((room): RoomBoardEntry => {
    const mine = (byRoom.get(room.id) ?? []).sort(
      (a, b) => a.s.startsAt.getTime() - b.s.startsAt.getTime() || a.s.id.localeCompare(b.s.id),
    );
    const holding = mine.find((x) => occupiesRoom(x.status)) ?? null;
    const waiting = mine.filter((x) => x.status === 'scheduled' && londonDateKey(x.s.startsAt) === today);
    const upcoming = waiting.find((x) => x.s.endsAt.getTime() > at.getTime()) ?? null;

    const state: RoomState =
      room.condition === 'out_of_service'
        ? 'out_of_service'
        : holding
          ? 'occupied'
          : room.condition === 'needs_tidying'
            ? 'needs_tidying'
            : 'free';

    const current = holding ? view(holding.s, holding.status) : null;
    const next = upcoming ? view(upcoming.s, upcoming.status) : null;
    const warnings = roomWarnings(room, holding, waiting, upcoming, at, names);

    return {
      room,
      state,
      current,
      elapsedMinutes:
        current?.startedAt != null ? Math.floor((at.getTime() - current.startedAt.getTime()) / MINUTE) : null,
      remainingMinutes: current
        ? Math.max(0, Math.ceil((current.endsAt.getTime() - at.getTime()) / MINUTE))
        : null,
      next,
      warnings,
    };
  });

  const count = (s: RoomState) => entries.filter((e) => e.state === s).length;
  return {
    at,
    rooms: entries,
    counts: {
      free: count('free'),
      occupied: count('occupied'),
      needsTidying: count('needs_tidying'),
      outOfService: count('out_of_service'),
      warnings: entries.reduce((n, e) => n + e.warnings.length, 0),
    },
  };
}

function boardSession(
  s: BoardSessionInput,
  status: SessionStatus,
  at: Date,
  levels: ReadonlyMap<string, SupervisionLevel>,
  names: BoardNames,
): BoardSession {
  const known = (d: Date | null) => (d !== null && d.getTime() <= at.getTime() ? d : null);
  const staff = (id: string) => {
    const u = names.staff.get(id);
    return { id, name: u?.name ?? '', role: u?.role ?? 'supervisor' };
  };
  const child = names.children.get(s.childId);
  return {
    id: s.id,
    kind: s.kind,
    status,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    parentArriveBy: stagger({ start: s.startsAt, end: s.endsAt }).parentArriveBy,
    parentArrivedAt: known(s.parentArrivedAt),
    childArrivedAt: known(s.childArrivedAt),
    startedAt: known(s.startedAt),
    child: { id: s.childId, firstName: child?.firstName ?? '', lastInitial: child?.lastInitial ?? '' },
    supervisor: staff(s.supervisorId),
    secondStaff: s.secondStaffId ? staff(s.secondStaffId) : null,
    // An agreement that cannot be found is treated as the common, closely watched case rather than the lightest.
    supervisionLevel: levels.get(s.agreementId) ?? 'supervised',
    version: s.version,
  };
}

/**
 * What a manager must act on in one room:
 * - the family of a session is not here when its child is due (from 5 minutes before the start);
 * - contact is running past its end;
 * - the room still needs tidying when its next family is about to arrive (within that booking's turnover gap
 *   of the parent's arrival time, rule 2: the room is needed from the parent's arrival);
 * - a child is booked into a room that is out of service.
 */
function roomWarnings(
  room: BoardRoomInput,
  holding: { s: BoardSessionInput; status: SessionStatus } | null,
  waiting: readonly { s: BoardSessionInput; status: SessionStatus }[],
  upcoming: { s: BoardSessionInput; status: SessionStatus } | null,
  at: Date,
  names: BoardNames,
): RoomWarning[] {
  const warnings: RoomWarning[] = [];
  const t = at.getTime();
  const who = (s: BoardSessionInput) => {
    const c = names.children.get(s.childId);
    return c ? `${c.firstName} ${c.lastInitial}.` : 'A child';
  };
  const clock = (d: Date) => formatLondonTime(d);
  const minutesBetween = (from: number, to: number) => Math.max(0, Math.round((to - from) / MINUTE));

  if (room.condition === 'out_of_service') {
    const booked = [...(holding ? [holding] : []), ...waiting.filter((x) => x.s.endsAt.getTime() > t)];
    for (const { s } of booked) {
      warnings.push({
        kind: 'out_of_service_with_booking',
        sessionId: s.id,
        minutes: minutesBetween(t, s.startsAt.getTime()),
        message: `${who(s)} is due in ${room.name} at ${clock(s.startsAt)}, but ${room.name} is out of service: move the session.`,
      });
    }
  }
  if (holding && holding.status === 'in_progress' && t > holding.s.endsAt.getTime()) {
    const over = minutesBetween(holding.s.endsAt.getTime(), t);
    warnings.push({
      kind: 'session_overrunning',
      sessionId: holding.s.id,
      minutes: over,
      message: `${who(holding.s)}'s session in ${room.name} should have ended at ${clock(holding.s.endsAt)} and is ${over} min over.`,
    });
  }
  for (const { s } of waiting) {
    const due = s.startsAt.getTime() - PARENT_LATE_WARNING_MINUTES * MINUTE;
    if (t < due) continue;
    warnings.push({
      kind: 'parent_not_arrived',
      sessionId: s.id,
      minutes: minutesBetween(s.startsAt.getTime(), t),
      message: `${who(s)} is due in ${room.name} at ${clock(s.startsAt)} and the family member has not arrived.`,
    });
  }
  if (room.condition === 'needs_tidying' && !holding && upcoming) {
    const arrive = stagger({ start: upcoming.s.startsAt, end: upcoming.s.endsAt }).parentArriveBy.getTime();
    if (t >= arrive - upcoming.s.turnoverMinutes * MINUTE) {
      warnings.push({
        kind: 'tidy_before_next_booking',
        sessionId: upcoming.s.id,
        minutes: minutesBetween(t, arrive),
        message: `${room.name} needs tidying before ${who(upcoming.s)}'s family arrives at ${clock(new Date(arrive))}.`,
      });
    }
  }
  return warnings;
}
