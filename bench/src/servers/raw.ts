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
  evaluateThreeStrikes,
  isNeutralOutcome,
  isOverdue,
  resetsStrikes,
  type AttendanceOutcome,
} from '@kinroom/domain';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import pg from 'pg';
import { openPool } from '../pool.js';
import { answer, claims, HttpError, viewerFrom } from './auth.js';
import {
  answerBoard,
  assertMayReadBoard,
  boardDay,
  boardInputColumns,
  boardInputs,
  iso,
  logReads,
  up,
  type BoardRow,
} from './board.js';

const [url, portArg, secret] = process.argv.slice(2);
if (!url || !portArg || !secret) throw new Error('usage: raw.ts <database url> <port> <jwt secret>');

// The ORM's pool size in Kinroom, so that neither side has more connections to Postgres.
const pool = openPool(url, 10);
pg.types.setTypeParser(1184, (v) => new Date(v)); // timestamptz

async function roomBoard(req: IncomingMessage, q: URLSearchParams): Promise<unknown> {
  const c = claims(req, secret!);
  const centreId = q.get('centreId') ?? '';
  const at = new Date();
  const { from, until } = boardDay(at);
  const r = await pool.query(
    `select
       (select row_to_json(v) from (select id, council_id, role, centre_id, active from staff_user
          where id = $1 and council_id = $2) v) as viewer,
       ${boardInputColumns('$2', '$3', '$4', '$5')}`,
    [c.sub, c.cid, centreId, from, until],
  );
  const row = r.rows[0] as BoardRow & { viewer: Record<string, unknown> | null };
  const viewer = viewerFrom(row.viewer, c);
  assertMayReadBoard(viewer, centreId);
  return answerBoard(pool, viewer, boardInputs(row), at);
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
  const c = claims(req, secret!);
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
    pool,
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
  answer(res, handle);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1', () => process.stdout.write(`ready ${portArg}\n`));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
});
// The bench holds an IPC channel to every server: when it goes away, so do they.
process.on('disconnect', () => process.exit(0));
