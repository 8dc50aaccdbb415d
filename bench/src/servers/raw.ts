/**
 * The practical limit: `node:http` and `pg` with hand-written SQL, answering the bench's two read queries with the
 * same JSON as Kinroom's GraphQL API, and doing the same duties: it checks the bearer token (HS256, by hand),
 * loads the viewer, applies the same need-to-know rule, and writes the same access-log rows. The board's states and
 * warnings come from the same pure function Kinroom uses (`computeRoomBoard`), so what differs is only the framework.
 *   GET /room-board?centreId=...           → {"data":{"roomBoard":{...}}}
 *   GET /child-history?childId=...&first=50 → {"data":{"childHistory":{...}}}
 *   POST /book (JSON session row)          → inserts the session and its outbox event in one transaction
 * Started by the bench as `node --import tsx raw.ts <database url> <port> <jwt secret>`.
 */
import {
  addDaysToDateKey,
  computeRoomBoard,
  evaluateThreeStrikes,
  fromLondonDateKey,
  isNeutralOutcome,
  isOverdue,
  londonDateKey,
  resetsStrikes,
  type AttendanceOutcome,
  type BoardRoomInput,
  type BoardSession,
  type BoardSessionInput,
  type RoomBoardView,
} from '@kinroom/domain';
import { createCipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { openPool } from '../pool.js';

const [url, portArg, secret] = process.argv.slice(2);
if (!url || !portArg || !secret) throw new Error('usage: raw.ts <database url> <port> <jwt secret>');

// The ORM's pool size in Kinroom, so that neither side has more connections to Postgres.
const pool = openPool(url, 10);
pg.types.setTypeParser(1184, (v) => new Date(v)); // timestamptz
const up = (v: string | null | undefined) => (v == null ? null : v.toUpperCase());
const iso = (v: Date | string | null | undefined) => (v == null ? null : new Date(v).toISOString());

interface Viewer {
  id: string;
  councilId: string;
  role: string;
  centreId: string | null;
}

class HttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Verifies an HS256 token the way Kinroom's `verifyToken` does: signature, issuer, audience, expiry. */
function claims(req: IncomingMessage): { sub: string; cid: string; role: string } {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) throw new HttpError('UNAUTHENTICATED', 'Sign in first.');
  const [h, p, s] = m[1]!.split('.');
  if (!h || !p || !s) throw new HttpError('UNAUTHENTICATED', 'The sign-in token is not valid.');
  const expected = createHmac('sha256', secret!).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new HttpError('UNAUTHENTICATED', 'The sign-in token is not valid.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (payload.iss !== 'kinroom' || payload.aud !== 'kinroom-api' || Number(payload.exp) * 1000 < Date.now())
    throw new HttpError('UNAUTHENTICATED', 'The sign-in token is not valid.');
  return payload as { sub: string; cid: string; role: string };
}

function viewerFrom(row: Record<string, unknown> | null, c: { role: string }): Viewer {
  if (!row || row.active !== true || row.role !== c.role)
    throw new HttpError('UNAUTHENTICATED', 'This sign-in is no longer valid: sign in again.');
  return {
    id: String(row.id),
    councilId: String(row.council_id),
    role: String(row.role),
    centreId: (row.centre_id as string | null) ?? null,
  };
}

const LOOK_BACK_MS = 12 * 3_600_000;

async function roomBoard(req: IncomingMessage, q: URLSearchParams): Promise<unknown> {
  const c = claims(req);
  const centreId = q.get('centreId') ?? '';
  const at = new Date();
  const day = londonDateKey(at);
  const from = new Date(fromLondonDateKey(day, '00:00').getTime() - LOOK_BACK_MS);
  const until = fromLondonDateKey(addDaysToDateKey(day, 1), '00:00');
  const r = await pool.query(
    `select
       (select row_to_json(v) from (select id, council_id, role, centre_id, active from staff_user
          where id = $1 and council_id = $2) v) as viewer,
       (select json_build_object('id', id, 'name', name) from centre where id = $3 and council_id = $2) as centre,
       (select coalesce(json_agg(r order by r.name, r.id), '[]') from (
          select id, centre_id, name, capacity, facilities, condition, condition_note, condition_changed_at, version
            from room where centre_id = $3 and council_id = $2) r) as rooms,
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
         where s.council_id = $2 and s.centre_id = $3 and s.starts_at >= $4 and s.starts_at < $5) as sessions`,
    [c.sub, c.cid, centreId, from, until],
  );
  const row = r.rows[0] as {
    viewer: Record<string, unknown> | null;
    centre: { id: string; name: string } | null;
    rooms: Record<string, unknown>[];
    sessions: Record<string, string | number | null>[];
  };
  const viewer = viewerFrom(row.viewer, c);
  if (!['centre_manager', 'integrator'].includes(viewer.role))
    throw new HttpError('FORBIDDEN', 'Only a centre manager or an integrator may read the board.');
  if (viewer.role === 'centre_manager' && viewer.centreId !== centreId)
    throw new HttpError('NOT_FOUND', 'No such centre.');
  if (!row.centre) throw new HttpError('NOT_FOUND', 'No such centre.');

  const d = (v: unknown) => (v == null ? null : new Date(v as string));
  const rooms: BoardRoomInput[] = row.rooms.map((x) => ({
    id: x.id as string,
    centreId: x.centre_id as string,
    name: x.name as string,
    capacity: x.capacity as number,
    facilities: x.facilities as string[],
    condition: x.condition as BoardRoomInput['condition'],
    conditionNote: (x.condition_note as string | null) ?? null,
    conditionChangedAt: d(x.condition_changed_at),
    version: x.version as number,
  }));
  const live = row.sessions.filter(
    (s) => s.status !== 'cancelled' || (s.cancelled_at !== null && d(s.cancelled_at)! > at),
  );
  const sessions: BoardSessionInput[] = live.map((s) => ({
    id: s.id as string,
    roomId: s.room_id as string,
    kind: s.kind as BoardSessionInput['kind'],
    status: s.status as BoardSessionInput['status'],
    startsAt: d(s.starts_at)!,
    endsAt: d(s.ends_at)!,
    turnoverMinutes: s.turnover_minutes as number,
    parentArrivedAt: d(s.parent_arrived_at),
    childArrivedAt: d(s.child_arrived_at),
    startedAt: d(s.started_at),
    endedAt: d(s.ended_at),
    cancelledAt: d(s.cancelled_at),
    supervisorId: s.supervisor_id as string,
    secondStaffId: (s.second_staff_id as string | null) ?? null,
    agreementId: s.agreement_id as string,
    childId: s.child_id as string,
    version: s.version as number,
  }));
  const children = new Map<string, { firstName: string; lastInitial: string }>();
  const staff = new Map<string, { name: string; role: 'supervisor' }>();
  const agreements = new Map<string, { id: string; supervisionLevel: 'supervised' }>();
  for (const s of live) {
    if (s.first_name != null)
      children.set(s.child_id as string, {
        firstName: s.first_name as string,
        lastInitial: (s.initial as string) ?? '',
      });
    if (s.sup_name != null)
      staff.set(s.supervisor_id as string, { name: s.sup_name as string, role: s.sup_role as 'supervisor' });
    if (s.sec_name != null)
      staff.set(s.second_staff_id as string, {
        name: s.sec_name as string,
        role: s.sec_role as 'supervisor',
      });
    if (s.level != null)
      agreements.set(s.agreement_id as string, {
        id: s.agreement_id as string,
        supervisionLevel: s.level as 'supervised',
      });
  }
  const board = computeRoomBoard(rooms, sessions, [...agreements.values()], { children, staff }, at);
  await logReads(
    viewer,
    'RoomBoard',
    shown(board, sessions),
    ['first_name', 'last_initial', 'sessions', 'supervision_level'],
    'room board',
  );
  return { data: { roomBoard: boardJson(row.centre, board) } };
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

async function logReads(
  viewer: Viewer,
  operation: string,
  childIds: string[],
  fields: string[],
  reason: string,
) {
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

/** The JSON of the bench's `roomBoard` selection (see scenarios/queries.ts), field for field and in order. */
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

function cursorKey(purpose: string): Buffer {
  return createHash('sha256').update(`kinroom-cursor\n${purpose}\n${secret}`).digest();
}
const HISTORY_KEY = () => cursorKey('child-history');

/** Sealed like Kinroom's cursors (AES-256-GCM over the position and the scope), so the work is the same. */
function seal(bound: string[], position: string[]): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', HISTORY_KEY(), iv);
  const body = Buffer.concat([
    cipher.update(JSON.stringify({ b: bound, p: position }), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

async function childHistory(req: IncomingMessage, q: URLSearchParams): Promise<unknown> {
  const c = claims(req);
  const childId = q.get('childId') ?? '';
  const first = Number(q.get('first') ?? 20);
  if (!Number.isInteger(first) || first < 1 || first > 50)
    throw new HttpError('BAD_USER_INPUT', 'first must be from 1 to 50.');
  const now = new Date();
  // One statement: the viewer, whether they may read the child, the summary and the page with everything folded in.
  const r = await pool.query(
    `with v as (select id, council_id, role, centre_id, active from staff_user where id = $1 and council_id = $2),
     current_agreement as (
       select id, status from contact_agreement where child_id = $3 and council_id = $2
        order by (status in ('active', 'suspended')) desc, signed_at desc nulls last, created_at desc, id desc limit 1)
     select
       (select row_to_json(v) from v) as viewer,
       exists (select 1 from child ch, v where ch.id = $3 and ch.council_id = $2 and (
          (v.role = 'social_worker' and ch.id in (select child_id from child_case where social_worker_id = v.id and closed_at is null))
       or (v.role = 'centre_manager' and ch.id in (select child_id from contact_agreement where centre_id = v.centre_id))
       or (v.role = 'integrator'))) as readable,
       (select json_agg(a.outcome) from session s join attendance a on a.session_id = s.id
         where s.child_id = $3 and s.council_id = $2) as outcomes,
       (select status from current_agreement) as agreement_status,
       (select json_agg(json_build_object('id', s.id, 'starts_at', s.starts_at, 'outcome', a.outcome))
          from session s join attendance a on a.session_id = s.id
         where s.agreement_id = (select id from current_agreement)) as agreement_history,
       (select json_build_object('id', s.id, 'starts_at', s.starts_at) from session s
         where s.child_id = $3 and s.council_id = $2 and s.status = 'scheduled' and s.starts_at > $4
         order by s.starts_at, s.id limit 1) as next_session,
       (select coalesce(json_agg(p order by p.starts_at desc, p.id desc), '[]') from (
          select s.id, s.starts_at, s.ends_at, s.status, s.centre_id,
                 to_char(s.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position,
                 a.outcome, a.minutes_late,
                 o.id as o_id, o.status as o_status, o.due_at as o_due_at, o.finalised_at as o_finalised_at,
                 o.sections as o_sections,
                 (select name from staff_user u where u.id = o.author_id) as o_author,
                 (select name from staff_user u where u.id = o.reviewer_id) as o_reviewer,
                 (select json_agg(json_build_object('reason', m.reason, 'text', m.text, 'created_at', m.created_at,
                          'author', (select name from staff_user u where u.id = m.author_id)) order by m.created_at, m.id)
                    from observation_amendment m where m.observation_id = o.id) as amendments,
                 (select json_agg(json_build_object('id', f.id, 'category', f.category, 'severity', f.severity,
                          'status', f.status, 'description', f.description, 'raised_at', f.raised_at) order by f.raised_at, f.id)
                    from safeguarding_flag f where f.child_id = s.child_id and f.session_id = s.id) as flags
            from session s
            left join attendance a on a.session_id = s.id
            left join observation o on o.session_id = s.id
           where s.child_id = $3 and s.council_id = $2
           order by s.starts_at desc, s.id desc
           limit $5) p) as page`,
    [c.sub, c.cid, childId, now, first + 1],
  );
  const row = r.rows[0] as {
    viewer: Record<string, unknown> | null;
    readable: boolean;
    outcomes: AttendanceOutcome[] | null;
    agreement_status: string | null;
    agreement_history: { id: string; starts_at: string; outcome: AttendanceOutcome }[] | null;
    next_session: { id: string; starts_at: string } | null;
    page: Record<string, unknown>[];
  };
  const viewer = viewerFrom(row.viewer, c);
  if (!row.readable) throw new HttpError('NOT_FOUND', 'No such child.');
  await logReads(
    viewer,
    'ChildHistory',
    [childId],
    ['sessions', 'attendance', 'observations', 'amendments', 'flags', 'summary'],
    'contact history read',
  );

  const bound = [childId, viewer.councilId];
  const rows = row.page.slice(0, first);
  const edges = rows.map((p) => {
    const mayRead =
      p.o_id != null &&
      (p.o_status === 'final' || (viewer.role === 'centre_manager' && viewer.centreId === p.centre_id));
    return {
      cursor: seal(bound, [p.position as string, p.id as string]),
      node: {
        session: {
          id: p.id,
          startsAt: iso(p.starts_at as string),
          endsAt: iso(p.ends_at as string),
          status: up(p.status as string),
        },
        attendance:
          p.outcome == null ? null : { outcome: up(p.outcome as string), minutesLate: p.minutes_late },
        report:
          p.o_id == null
            ? null
            : {
                status: up(p.o_status as string),
                dueAt: iso(p.o_due_at as string),
                overdue: p.o_status !== 'final' && isOverdue(new Date(p.o_due_at as string), now),
              },
        observation: !mayRead
          ? null
          : {
              id: p.o_id,
              status: up(p.o_status as string),
              finalisedAt: iso(p.o_finalised_at as string | null),
              sections: (p.o_sections as { key: string; facts: string; opinion: string }[]).map((s) => ({
                key: up(s.key),
                facts: s.facts,
                opinion: s.opinion,
              })),
              author: { name: p.o_author ?? '' },
              reviewer: p.o_reviewer == null ? null : { name: p.o_reviewer },
              amendments: ((p.amendments as Record<string, string>[] | null) ?? []).map((m) => ({
                reason: m.reason,
                text: m.text,
                createdAt: iso(m.created_at),
                author: { name: m.author ?? '' },
              })),
            },
        flags: ((p.flags as Record<string, string>[] | null) ?? []).map((f) => ({
          id: f.id,
          category: up(f.category),
          severity: up(f.severity),
          status: up(f.status),
          description: f.description,
          raisedAt: iso(f.raised_at),
        })),
      },
    };
  });
  const outcomes = row.outcomes ?? [];
  const counted = outcomes.filter((o) => !isNeutralOutcome(o));
  const attended = counted.filter((o) => resetsStrikes(o));
  const verdict = evaluateThreeStrikes(
    (row.agreement_history ?? []).map((h) => ({
      sessionId: h.id,
      scheduledStart: new Date(h.starts_at),
      outcome: h.outcome,
    })),
    now,
  );
  return {
    data: {
      childHistory: {
        edges,
        pageInfo: { hasNextPage: row.page.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        summary: {
          attendanceRate: counted.length === 0 ? null : attended.length / counted.length,
          sessionsCounted: counted.length,
          consecutiveUnexplainedAbsences: verdict.consecutiveUnexplained,
          activeAgreementStatus: up(row.agreement_status),
          nextSession: row.next_session
            ? { id: row.next_session.id, startsAt: iso(row.next_session.starts_at) }
            : null,
        },
      },
    },
  };
}

/** The raw limit of a booking: the session row and its outbox event, one transaction, no checks but the database's. */
async function book(body: Record<string, unknown>): Promise<unknown> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const r = await client.query(
      `insert into session (id, council_id, centre_id, room_id, supervisor_id, agreement_id, child_id, kind, starts_at,
         ends_at, turnover_minutes, held_from, held_until)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'contact', $7, $8, 15, $7, $8) returning id, version`,
      [
        body.councilId,
        body.centreId,
        body.roomId,
        body.supervisorId,
        body.agreementId,
        body.childId,
        body.startsAt,
        body.endsAt,
      ],
    );
    const id = (r.rows[0] as { id: string }).id;
    await client.query(
      `insert into event (council_id, centre_id, child_id, topic, kind, subject_id, payload)
       values ($1, $2, $3, 'session', 'booked', $4, $5)`,
      [
        body.councilId,
        body.centreId,
        body.childId,
        id,
        { status: 'scheduled', roomId: body.roomId, supervisorId: body.supervisorId },
      ],
    );
    await client.query('commit');
    return { data: { bookSession: { id, version: 1 } } };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    const code =
      (err as { constraint?: string }).constraint === 'session_room_no_double_booking'
        ? 'SESSION_ROOM_DOUBLE_BOOKED'
        : 'INTERNAL';
    throw new HttpError(code, (err as Error).message);
  } finally {
    client.release();
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

const server = createServer((req, res) => {
  const u = new URL(req.url ?? '/', 'http://raw');
  const handle =
    u.pathname === '/room-board'
      ? roomBoard(req, u.searchParams)
      : u.pathname === '/child-history'
        ? childHistory(req, u.searchParams)
        : u.pathname === '/book' && req.method === 'POST'
          ? readBody(req).then(book)
          : Promise.reject(new HttpError('NOT_FOUND', 'No such route.'));
  handle.then(
    (body) => send(res, 200, body),
    (err: unknown) => {
      const code = err instanceof HttpError ? err.code : 'INTERNAL';
      send(res, 200, { errors: [{ message: (err as Error).message, extensions: { code } }], data: null });
    },
  );
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1', () => process.stdout.write(`ready ${portArg}\n`));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
});
// The bench holds an IPC channel to every server: when it goes away, so do they.
process.on('disconnect', () => process.exit(0));
