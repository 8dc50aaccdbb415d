import {
  addDaysToDateKey,
  computeRoomBoard,
  fromLondonDateKey,
  londonDateKey,
  type BoardNames,
  type BoardSession,
  type BoardSessionInput,
  type RoomBoardEntry,
  type RoomBoardView,
} from '@kinroom/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { logChildReads, type AuditedOperation } from '../access/access-log.service.js';
import { assertCentre } from '../access/index.js';
import { ContactAgreement } from '../agreements/agreement.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { Centre } from '../centres/centre.entity.js';
import type { StaffRole } from '../people/staff-user.entity.js';
import { notFound } from '../common/errors.js';
import { isUuid } from '../common/uuid.js';
import { plainCopy } from '../db/row-columns.js';
import { AbsenceNotice, OCCUPYING_STATUSES, Session } from '../sessions/session.entity.js';
import type { BoardInputs, RoomBoardCache } from './room-board.cache.js';
import { Room } from './room.entity.js';

/** A session that began this long before the day can still be holding its room (a late-evening overrun). */
const LOOK_BACK_HOURS = 12;

/**
 * A session as the board shows it: what the rules work out at the board's moment (status, arrivals, names), over
 * the session as stored. A field of `BoardSession` (room-board.type.ts) that is a stored property of the session is
 * answered from it with nothing else edited; one that changes during the day must be replayed to the board's moment
 * by the rules instead, as the arrival times are.
 */
export type ShownSession = Omit<Session, keyof BoardSession> & BoardSession;

export interface ShownRoom extends Omit<RoomBoardEntry, 'current' | 'next' | 'notComing'> {
  current: ShownSession | null;
  next: ShownSession | null;
  notComing: ShownSession[];
}

export interface LoadedRoomBoard extends Omit<RoomBoardView, 'rooms'> {
  rooms: ShownRoom[];
  centreId: string;
  centreName: string;
}

/** How the board finds inputs it has already read: the process's cache, and the newest event the request knows of. */
export interface BoardSource {
  cache: RoomBoardCache;
  /** The newest event id committed when the request began. */
  head: bigint;
}

export interface BoardOptions {
  source: BoardSource | null;
  /** The present, which decides whether `at` is today. */
  now: Date;
}

/**
 * The board of a centre at a moment. Its inputs come from memory when the process has kept them and the event
 * stream shows nothing has changed since (see {@link RoomBoardCache}); otherwise from SQL in a fixed number of
 * statements, whatever the number of rooms or sessions. Either way one access-log row is written, and all deciding
 * is left to {@link computeRoomBoard}.
 */
export async function loadRoomBoard(
  em: EntityManager,
  viewer: Viewer,
  centreId: string,
  at: Date,
  operation: AuditedOperation,
  { source, now }: BoardOptions = { source: null, now: at },
): Promise<LoadedRoomBoard> {
  if (!isUuid(centreId)) throw notFound('centre');
  assertCentre(viewer, centreId);
  const councilId = viewer.councilId;
  const day = londonDateKey(at);
  // Only today's board is kept: a board of another day is a one-off look back.
  const keep = source && day === londonDateKey(now) ? source : null;
  let inputs = keep?.cache.get(councilId, centreId, day, keep.head, Date.now()) ?? null;
  if (!inputs) {
    inputs = await loadInputs(em, councilId, centreId, day);
    if (keep) keep.cache.set(councilId, centreId, day, keep.head, inputs, Date.now());
  }
  const live = inputs.sessions.filter(
    (s) => s.status !== 'cancelled' || (s.cancelledAt !== null && s.cancelledAt > at),
  );
  const board = computeRoomBoard(inputs.rooms, live, inputs.agreements, inputs.names, at);
  await logChildReads(em, viewer, operation, childrenShown(board, live));
  return { ...board, rooms: shown(board.rooms, live), centreId, centreName: inputs.centreName };
}

/** The board's rooms with each session shown over the session as stored (see {@link ShownSession}). */
function shown(rooms: readonly RoomBoardEntry[], sessions: readonly Session[]): ShownRoom[] {
  const stored = new Map(sessions.map((s) => [s.id, s]));
  const show = (s: BoardSession): ShownSession => ({ ...stored.get(s.id)!, ...s });
  return rooms.map((r) => ({
    ...r,
    current: r.current && show(r.current),
    next: r.next && show(r.next),
    notComing: r.notComing.map(show),
  }));
}

/**
 * The centre, its rooms and the day's sessions together, then agreements and names together, as plain values that
 * outlive the request: rooms and sessions with every stored property, whatever the rules need of them.
 */
async function loadInputs(
  em: EntityManager,
  councilId: string,
  centreId: string,
  day: string,
): Promise<BoardInputs> {
  const from = new Date(fromLondonDateKey(day, '00:00').getTime() - LOOK_BACK_HOURS * 3_600_000);
  const until = fromLondonDateKey(addDaysToDateKey(day, 1), '00:00');
  const [centre, rooms, sessions] = await Promise.all([
    em.findOne(Centre, { id: centreId, councilId }, { fields: ['id', 'name'] }),
    em.find(Room, { centreId, councilId }, { orderBy: { name: 'asc', id: 'asc' } }),
    // The day's sessions, and any session whose family is in the building now whatever day it is booked for: a
    // parent who arrived early for a session after midnight still occupies the room.
    em.find(Session, {
      councilId,
      centreId,
      $or: [{ startsAt: { $gte: from, $lt: until } }, { status: { $in: [...OCCUPYING_STATUSES] } }],
    }),
  ]);
  if (!centre) throw notFound('centre');
  const [agreements, names, notices] = await Promise.all([
    em.find(
      ContactAgreement,
      { id: { $in: unique(sessions.map((s) => s.agreementId)) }, councilId },
      { fields: ['id', 'supervisionLevel'] },
    ),
    loadNames(
      em,
      councilId,
      unique(sessions.map((s) => s.childId)),
      unique(sessions.flatMap((s) => [s.supervisorId, ...(s.secondStaffId ? [s.secondStaffId] : [])])),
    ),
    em.find(
      AbsenceNotice,
      { councilId, sessionId: { $in: sessions.map((s) => s.id) } },
      { fields: ['sessionId', 'recordedAt'] },
    ),
  ]);
  // From the first notice recorded, the family is not expected (docs/sessions.md, "Absence notices").
  const noticedAt = new Map<string, Date>();
  for (const n of notices) {
    const known = noticedAt.get(n.sessionId);
    if (!known || n.recordedAt < known) noticedAt.set(n.sessionId, n.recordedAt);
  }
  return {
    centreName: centre.name,
    rooms: rooms.map(plainCopy),
    sessions: sessions.map((s) => ({
      ...plainCopy(s),
      absenceNoticeRecordedAt: noticedAt.get(s.id) ?? null,
    })),
    agreements: agreements.map((a) => ({ id: a.id, supervisionLevel: a.supervisionLevel })),
    names,
  };
}

/** First names and family-name initials of children, and staff names: never more of a child than the board shows. */
async function loadNames(
  em: EntityManager,
  councilId: string,
  childIds: string[],
  staffIds: string[],
): Promise<BoardNames> {
  const children = new Map<string, { firstName: string; lastInitial: string }>();
  const staff = new Map<string, { name: string; role: StaffRole }>();
  if (childIds.length + staffIds.length === 0) return { children, staff };
  const rows = await em
    .getConnection()
    .execute<
      { kind: 'child' | 'staff'; id: string; name: string; initial: string | null; role: StaffRole | null }[]
    >(
      `select 'child' as kind, id, first_name as name, left(last_name, 1) as initial, null as role
       from child where council_id = ? and id = any(array[?]::uuid[])
     union all
     select 'staff' as kind, id, name, null as initial, role
       from staff_user where council_id = ? and id = any(array[?]::uuid[])`,
      [councilId, childIds, councilId, staffIds],
    );
  for (const r of rows) {
    if (r.kind === 'child') children.set(r.id, { firstName: r.name, lastInitial: r.initial ?? '' });
    else staff.set(r.id, { name: r.name, role: r.role ?? 'supervisor' });
  }
  return { children, staff };
}

/** The children whose names the board shows (in a room, next in one, or named in a warning): docs/domain.md rule 11. */
function childrenShown(board: RoomBoardView, sessions: readonly BoardSessionInput[]) {
  const childOf = new Map(sessions.map((s) => [s.id, s.childId]));
  const shown = new Set<string>();
  for (const r of board.rooms) {
    if (r.current) shown.add(r.current.child.id);
    if (r.next) shown.add(r.next.child.id);
    for (const s of r.notComing) shown.add(s.child.id);
    for (const w of r.warnings) {
      const child = w.sessionId ? childOf.get(w.sessionId) : undefined;
      if (child) shown.add(child);
    }
  }
  return [...shown].map((childId) => ({
    childId,
    fields: ['first_name', 'last_initial', 'sessions', 'supervision_level'],
    reason: 'room board',
  }));
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
