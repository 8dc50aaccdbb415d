/**
 * The live room board as a pure function of rooms, sessions, agreements and names at a moment. No database, no
 * clock: the same function serves a board loaded from SQL and, later, one kept in memory from the event stream.
 */
import { LATENESS_GRACE_MINUTES } from '../attendance/attendance.js';
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
  /**
   * When the first absence notice for the session was recorded (docs/domain.md rule 7), if any: from then on the
   * family is not expected. Optional so that a stored session fits as it is; missing means no notice.
   */
  absenceNoticeRecordedAt?: Date | null;
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
  | 'parent_not_arrived'
  | 'family_late'
  | 'child_waiting'
  | 'session_overrunning'
  | 'tidy_before_next_booking'
  | 'out_of_service_with_booking';
export const ROOM_WARNING_KINDS: readonly RoomWarningKind[] = [
  'parent_not_arrived',
  'family_late',
  'child_waiting',
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
  family_late: 'Family late',
  child_waiting: 'Child waiting',
  session_overrunning: 'Overrunning',
  tidy_before_next_booking: 'Tidy before next family',
  out_of_service_with_booking: 'Booked into a closed room',
};

/** A warning is raised from this many minutes before the child is due if nobody has arrived. */
export const PARENT_LATE_WARNING_MINUTES = 5;

/**
 * A child who has been brought in is kept waiting no longer than this, from the later of the booked start and the
 * child's arrival, before the board says that contact has not started (docs/sessions.md, "Warnings").
 */
export const CHILD_WAITING_WARNING_MINUTES = 10;

/** What the session-level warnings need of a session, at the moment they are asked for. */
export interface SessionWarningInput {
  /** The status at that moment. */
  status: SessionStatus;
  startsAt: Date;
  endsAt: Date;
  childArrivedAt: Date | null;
  /** Whether the family has given notice that they cannot come (known by that moment). */
  absenceNotified: boolean;
}

/** A warning about one session: which kind, how many minutes measure it, and its sentence. */
export interface SessionWarning {
  kind: 'parent_not_arrived' | 'family_late' | 'child_waiting';
  minutes: number;
  message: string;
}

/**
 * Whether a session is booked and its family has said they cannot come (rule 7): nobody waits for them, the board's
 * "next" passes over it, and the screens say "Absence notified" rather than "Booked" until its outcome is recorded.
 */
export function isAbsenceNotified(s: { status: SessionStatus; absenceNotified: boolean }): boolean {
  return s.status === 'scheduled' && s.absenceNotified;
}

/**
 * What a session's own timing says must be acted on at `at`, for the manager's board and the supervisor's card alike
 * (one warning at most):
 * - **family late**: nobody has been checked in and the grace period for lateness has run out
 *   ({@link LATENESS_GRACE_MINUTES} after the child's start, the same grace that decides attendance, rule 8): the
 *   family will not count as attending now;
 * - **family not arrived**: before that, from {@link PARENT_LATE_WARNING_MINUTES} minutes before the child is due;
 * - **child waiting**: the child has been checked in but contact has not started
 *   {@link CHILD_WAITING_WARNING_MINUTES} minutes after the later of the booked start and the child's arrival.
 * A family that gave notice is not waited for, so it raises neither family warning. `who` names the child
 * ("Kai R."), `room` the room when the sentence should say it.
 */
export function sessionWarning(
  s: SessionWarningInput,
  at: Date,
  who: string,
  room: string | null = null,
): SessionWarning | null {
  const t = at.getTime();
  const start = s.startsAt.getTime();
  const clock = (d: Date | number) => formatLondonTime(new Date(d));
  const where = room ? ` in ${room}` : '';
  if (s.status === 'scheduled' && !s.absenceNotified) {
    const lateFrom = start + LATENESS_GRACE_MINUTES * MINUTE;
    if (t >= lateFrom) {
      const due = stagger({ start: s.startsAt, end: s.endsAt }).parentArriveBy;
      return {
        kind: 'family_late',
        minutes: minutesBetween(start, t),
        message: `${who}'s family has not arrived${where}: they were due by ${clock(due)}, and the ${LATENESS_GRACE_MINUTES} minutes' grace after the ${clock(start)} start ran out at ${clock(lateFrom)}. Call the family; if they are not coming, record the no-show.`,
      };
    }
    if (t >= start - PARENT_LATE_WARNING_MINUTES * MINUTE) {
      return {
        kind: 'parent_not_arrived',
        minutes: minutesBetween(start, t),
        message: `${who} is due${where} at ${clock(start)} and the family member has not arrived.`,
      };
    }
  }
  if (s.status === 'child_arrived' && s.childArrivedAt) {
    const from = Math.max(start, s.childArrivedAt.getTime());
    if (t >= from + CHILD_WAITING_WARNING_MINUTES * MINUTE) {
      const waiting = minutesBetween(s.childArrivedAt.getTime(), t);
      return {
        kind: 'child_waiting',
        minutes: waiting,
        message: `${who} arrived${where} at ${clock(s.childArrivedAt)} and has been waiting ${waiting} min: contact was due to start at ${clock(start)} and has not started.`,
      };
    }
  }
  return null;
}

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
  /** Today's sessions in the room whose family has said they cannot come and whose outcome is not yet recorded. */
  notComing: BoardSession[];
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

const minutesBetween = (from: number, to: number) => Math.max(0, Math.round((to - from) / MINUTE));

/** Whether a notice for the session had been recorded by `at`. */
function noticeKnown(s: BoardSessionInput, at: Date): boolean {
  const n = s.absenceNoticeRecordedAt;
  return n != null && n.getTime() <= at.getTime();
}

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
    const booked = mine.filter((x) => x.status === 'scheduled' && londonDateKey(x.s.startsAt) === today);
    // A family that has said it cannot come is not waited for: it is listed apart, never as next, never late.
    const waiting = booked.filter((x) => !noticeKnown(x.s, at));
    const notComing = booked.filter((x) => noticeKnown(x.s, at)).map((x) => view(x.s, x.status));
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
      notComing,
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
 * - each session's own warning ({@link sessionWarning}): the family not here when its child is due, then late past
 *   the grace period; a child checked in and kept waiting;
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
  const own = (x: { s: BoardSessionInput; status: SessionStatus }) =>
    sessionWarning(
      { ...x.s, status: x.status, absenceNotified: noticeKnown(x.s, at) },
      at,
      who(x.s),
      room.name,
    );
  for (const x of [...(holding ? [holding] : []), ...waiting]) {
    const w = own(x);
    if (w) warnings.push({ ...w, sessionId: x.s.id });
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
