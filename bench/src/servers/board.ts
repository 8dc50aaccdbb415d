/**
 * The room board as the bench's hand-written servers answer it (raw.ts reads it afresh on every request, kept.ts
 * keeps it): the SQL its inputs come from, the need-to-know rule, the access-log rows, and the JSON of Kinroom's
 * `roomBoard` selection, field for field. States and warnings come from the same pure function Kinroom uses.
 */
import {
  addDaysToDateKey,
  computeRoomBoard,
  fromLondonDateKey,
  londonDateKey,
  type BoardRoomInput,
  type BoardSession,
  type BoardSessionInput,
  type RoomBoardView,
} from '@kinroom/domain';
import type pg from 'pg';
import { HttpError, type Viewer } from './auth.js';

const LOOK_BACK_MS = 12 * 3_600_000;

export const up = (v: string | null | undefined) => (v == null ? null : v.toUpperCase());
export const iso = (v: Date | string | null | undefined) => (v == null ? null : new Date(v).toISOString());

/** The London day of `at` and the span of session starts the board reads (a late overrun from the day before). */
export function boardDay(at: Date): { day: string; from: Date; until: Date } {
  const day = londonDateKey(at);
  return {
    day,
    from: new Date(fromLondonDateKey(day, '00:00').getTime() - LOOK_BACK_MS),
    until: fromLondonDateKey(addDaysToDateKey(day, 1), '00:00'),
  };
}

/**
 * The select list that reads a board's inputs as three JSON columns (centre, rooms, sessions), over the statement's
 * parameters named by position: council, centre, first start and end of the span.
 */
export function boardInputColumns(council: string, centre: string, from: string, until: string): string {
  return `(select json_build_object('id', id, 'name', name) from centre where id = ${centre} and council_id = ${council}) as centre,
       (select coalesce(json_agg(r order by r.name, r.id), '[]') from (
          select id, centre_id, name, capacity, facilities, condition, condition_note, condition_changed_at, version
            from room where centre_id = ${centre} and council_id = ${council}) r) as rooms,
       (select coalesce(json_agg(json_build_object(
          'id', s.id, 'room_id', s.room_id, 'kind', s.kind, 'status', s.status, 'starts_at', s.starts_at,
          'ends_at', s.ends_at, 'turnover_minutes', s.turnover_minutes, 'parent_arrived_at', s.parent_arrived_at,
          'child_arrived_at', s.child_arrived_at, 'started_at', s.started_at, 'ended_at', s.ended_at,
          'cancelled_at', s.cancelled_at, 'supervisor_id', s.supervisor_id, 'second_staff_id', s.second_staff_id,
          'agreement_id', s.agreement_id, 'child_id', s.child_id, 'version', s.version,
          'level', a.supervision_level, 'first_name', c.first_name, 'initial', left(c.last_name, 1),
          'sup_name', u.name, 'sup_role', u.role, 'sec_name', u2.name, 'sec_role', u2.role)), '[]')
          from session s
          left join contact_agreement a on a.id = s.agreement_id and a.council_id = s.council_id
          left join child c on c.id = s.child_id and c.council_id = s.council_id
          left join staff_user u on u.id = s.supervisor_id and u.council_id = s.council_id
          left join staff_user u2 on u2.id = s.second_staff_id and u2.council_id = s.council_id
         where s.council_id = ${council} and s.centre_id = ${centre} and s.starts_at >= ${from} and s.starts_at < ${until}) as sessions`;
}

/** The three columns of {@link boardInputColumns} as read. */
export interface BoardRow {
  centre: { id: string; name: string } | null;
  rooms: Record<string, unknown>[];
  sessions: Record<string, string | number | null>[];
}

/** A board's inputs as the rules take them: what can be kept and computed again at any moment of the day. */
export interface BoardInputs {
  centre: { id: string; name: string };
  rooms: BoardRoomInput[];
  sessions: BoardSessionInput[];
  agreements: { id: string; supervisionLevel: 'supervised' }[];
  names: {
    children: Map<string, { firstName: string; lastInitial: string }>;
    staff: Map<string, { name: string; role: 'supervisor' }>;
  };
}

/** Only a centre manager of that centre, or an integrator of the council, reads a board (Kinroom's `assertCentre`). */
export function assertMayReadBoard(viewer: Viewer, centreId: string): void {
  if (!['centre_manager', 'integrator'].includes(viewer.role))
    throw new HttpError('FORBIDDEN', 'Only a centre manager or an integrator may read the board.');
  if (viewer.role === 'centre_manager' && viewer.centreId !== centreId)
    throw new HttpError('NOT_FOUND', 'No such centre.');
}

const date = (v: unknown) => (v == null ? null : new Date(v as string));

export function boardInputs(row: BoardRow): BoardInputs {
  if (!row.centre) throw new HttpError('NOT_FOUND', 'No such centre.');
  const rooms: BoardRoomInput[] = row.rooms.map((x) => ({
    id: x.id as string,
    centreId: x.centre_id as string,
    name: x.name as string,
    capacity: x.capacity as number,
    facilities: x.facilities as string[],
    condition: x.condition as BoardRoomInput['condition'],
    conditionNote: (x.condition_note as string | null) ?? null,
    conditionChangedAt: date(x.condition_changed_at),
    version: x.version as number,
  }));
  const sessions: BoardSessionInput[] = row.sessions.map((s) => ({
    id: s.id as string,
    roomId: s.room_id as string,
    kind: s.kind as BoardSessionInput['kind'],
    status: s.status as BoardSessionInput['status'],
    startsAt: date(s.starts_at)!,
    endsAt: date(s.ends_at)!,
    turnoverMinutes: s.turnover_minutes as number,
    parentArrivedAt: date(s.parent_arrived_at),
    childArrivedAt: date(s.child_arrived_at),
    startedAt: date(s.started_at),
    endedAt: date(s.ended_at),
    cancelledAt: date(s.cancelled_at),
    supervisorId: s.supervisor_id as string,
    secondStaffId: (s.second_staff_id as string | null) ?? null,
    agreementId: s.agreement_id as string,
    childId: s.child_id as string,
    version: s.version as number,
  }));
  const names: BoardInputs['names'] = { children: new Map(), staff: new Map() };
  const agreements = new Map<string, { id: string; supervisionLevel: 'supervised' }>();
  for (const s of row.sessions) {
    if (s.first_name != null)
      names.children.set(s.child_id as string, {
        firstName: s.first_name as string,
        lastInitial: (s.initial as string) ?? '',
      });
    if (s.sup_name != null)
      names.staff.set(s.supervisor_id as string, {
        name: s.sup_name as string,
        role: s.sup_role as 'supervisor',
      });
    if (s.sec_name != null)
      names.staff.set(s.second_staff_id as string, {
        name: s.sec_name as string,
        role: s.sec_role as 'supervisor',
      });
    if (s.level != null)
      agreements.set(s.agreement_id as string, {
        id: s.agreement_id as string,
        supervisionLevel: s.level as 'supervised',
      });
  }
  return { centre: row.centre, rooms, sessions, agreements: [...agreements.values()], names };
}

/** The board at `at`, its children's reads written to the access log first, as Kinroom's `roomBoard` answers it. */
export async function answerBoard(
  pool: pg.Pool,
  viewer: Viewer,
  inputs: BoardInputs,
  at: Date,
): Promise<unknown> {
  const live = inputs.sessions.filter(
    (s) => s.status !== 'cancelled' || (s.cancelledAt !== null && s.cancelledAt > at),
  );
  const board = computeRoomBoard(inputs.rooms, live, inputs.agreements, inputs.names, at);
  await logReads(
    pool,
    viewer,
    'RoomBoard',
    shown(board, live),
    ['first_name', 'last_initial', 'sessions', 'supervision_level'],
    'room board',
  );
  return { data: { roomBoard: boardJson(inputs.centre, board) } };
}

function shown(board: RoomBoardView, sessions: BoardSessionInput[]): string[] {
  const childOf = new Map(sessions.map((s) => [s.id, s.childId]));
  const ids = new Set<string>();
  for (const r of board.rooms) {
    if (r.current) ids.add(r.current.child.id);
    if (r.next) ids.add(r.next.child.id);
    for (const w of r.warnings) {
      const child = w.sessionId ? childOf.get(w.sessionId) : undefined;
      if (child) ids.add(child);
    }
  }
  return [...ids];
}

export async function logReads(
  pool: pg.Pool,
  viewer: Viewer,
  operation: string,
  childIds: string[],
  fields: string[],
  reason: string,
): Promise<void> {
  if (childIds.length === 0) return;
  await pool.query(
    `insert into access_log (council_id, user_id, role, child_id, fields, operation, reason)
     select $1, $2, $3, c, $5::text[], $6, $7 from unnest($4::uuid[]) as c`,
    [viewer.councilId, viewer.id, viewer.role, childIds, fields, operation, reason],
  );
}

function boardSessionJson(s: BoardSession | null) {
  if (!s) return null;
  const person = (p: { id: string; name: string; role: string } | null) =>
    p ? { id: p.id, name: p.name, role: up(p.role) } : null;
  return {
    id: s.id,
    kind: up(s.kind),
    status: up(s.status),
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    parentArriveBy: iso(s.parentArriveBy),
    parentArrivedAt: iso(s.parentArrivedAt),
    childArrivedAt: iso(s.childArrivedAt),
    startedAt: iso(s.startedAt),
    child: { id: s.child.id, firstName: s.child.firstName, lastInitial: s.child.lastInitial },
    supervisor: person(s.supervisor),
    secondStaff: person(s.secondStaff),
    supervisionLevel: up(s.supervisionLevel),
    version: s.version,
  };
}

/** The JSON of the bench's `roomBoard` selection (packages/schema/trusted/bench.graphql), field for field and in order. */
function boardJson(centre: { id: string; name: string }, b: RoomBoardView) {
  return {
    centreId: centre.id,
    centreName: centre.name,
    at: iso(b.at),
    counts: b.counts,
    rooms: b.rooms.map((r) => ({
      room: {
        id: r.room.id,
        name: r.room.name,
        capacity: r.room.capacity,
        condition: up(r.room.condition),
        conditionNote: r.room.conditionNote,
        version: r.room.version,
      },
      state: up(r.state),
      elapsedMinutes: r.elapsedMinutes,
      remainingMinutes: r.remainingMinutes,
      current: boardSessionJson(r.current),
      next: boardSessionJson(r.next),
      warnings: r.warnings.map((w) => ({
        kind: up(w.kind),
        sessionId: w.sessionId,
        minutes: w.minutes,
        message: w.message,
      })),
    })),
  };
}
