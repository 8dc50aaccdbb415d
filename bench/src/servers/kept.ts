/**
 * The practical limit of a kept room board: `node:http` and `pg`, doing the duties of Kinroom's `roomBoard`
 * request (verify the token, read who is asking and the newest event id in ONE statement, the same need-to-know
 * rule, the same access-log rows, the same JSON) and answering from the board's inputs kept in memory. A kept board
 * is dropped by any event of its centre (or of its council as a whole), read from the outbox after a LISTEN wake-up
 * as Kinroom's event stream reads it, and used only when the reader has already seen every event up to the
 * request's newest id: never older than the request, as in Kinroom.
 *   GET /room-board?centreId=...           → {"data":{"roomBoard":{...}}}
 * Started by the bench as `node --import tsx kept.ts <database url> <port> <jwt secret>`.
 */
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
  type BoardInputs,
  type BoardRow,
} from './board.js';

const [url, portArg, secret] = process.argv.slice(2);
if (!url || !portArg || !secret) throw new Error('usage: kept.ts <database url> <port> <jwt secret>');

// Kinroom's pool size, so that neither side has more connections to Postgres.
const pool = openPool(url, 10);
pg.types.setTypeParser(1184, (v) => new Date(v)); // timestamptz

/** As Kinroom's RoomBoardCache: names change without a board event, so a kept board is read again this often. */
const MAX_AGE_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Entry {
  day: string;
  inputs: BoardInputs;
  asOf: bigint;
  storedAt: number;
}
const kept = new Map<string, Entry>();
/** The newest event seen per centre (`council:centre`) and per council (events that name no centre). */
const changedAt = new Map<string, bigint>();

/** The outbox's one reader: a wake-up or the 1-second catch-up reads every event after the last one seen. */
const listener = new pg.Client({ connectionString: url });
listener.on('error', () => {});
let cursor = 0n;
let reading = false;
let again = false;

function wake(): void {
  if (reading) {
    again = true;
    return;
  }
  void drain();
}

async function drain(): Promise<void> {
  reading = true;
  try {
    do {
      again = false;
      const r = await listener.query<{ id: string; council_id: string; centre_id: string | null }>(
        'select id::text as id, council_id, centre_id from event where id > $1 order by id limit 1000',
        [cursor.toString()],
      );
      for (const e of r.rows) {
        const key = e.centre_id ? `${e.council_id}:${e.centre_id}` : e.council_id;
        changedAt.set(key, BigInt(e.id));
        if (e.centre_id) kept.delete(key);
        else for (const k of kept.keys()) if (k.startsWith(`${e.council_id}:`)) kept.delete(k);
      }
      if (r.rows.length > 0) cursor = BigInt(r.rows.at(-1)!.id);
      if (r.rows.length === 1000) again = true;
    } while (again);
  } catch {
    // The database went away: the bench is ending.
  } finally {
    reading = false;
  }
}

function keptInputs(councilId: string, centreId: string, day: string, head: bigint): BoardInputs | null {
  const key = `${councilId}:${centreId}`;
  const entry = kept.get(key);
  if (!entry || entry.day !== day || Date.now() - entry.storedAt > MAX_AGE_MS || cursor < head) return null;
  if ((changedAt.get(key) ?? 0n) > entry.asOf || (changedAt.get(councilId) ?? 0n) > entry.asOf) return null;
  return entry.inputs;
}

async function roomBoard(req: IncomingMessage, q: URLSearchParams): Promise<unknown> {
  const c = claims(req, secret!);
  const centreId = q.get('centreId') ?? '';
  const r = await pool.query<Record<string, unknown> & { event_head: string }>(
    `select id, council_id, role, centre_id, active, (select coalesce(max(id), 0) from event)::text as event_head
       from staff_user where id = $1 and council_id = $2`,
    [c.sub, c.cid],
  );
  const viewer = viewerFrom(r.rows[0] ?? null, c);
  if (!UUID.test(centreId)) throw new HttpError('NOT_FOUND', 'No such centre.');
  assertMayReadBoard(viewer, centreId);
  const head = BigInt(r.rows[0]!.event_head);
  const at = new Date();
  const { day, from, until } = boardDay(at);
  let inputs = keptInputs(viewer.councilId, centreId, day, head);
  if (!inputs) {
    const read = await pool.query(`select ${boardInputColumns('$1', '$2', '$3', '$4')}`, [
      viewer.councilId,
      centreId,
      from,
      until,
    ]);
    inputs = boardInputs(read.rows[0] as BoardRow);
    kept.set(`${viewer.councilId}:${centreId}`, { day, inputs, asOf: head, storedAt: Date.now() });
  }
  return answerBoard(pool, viewer, inputs, at);
}

cursor = BigInt(
  (await pool.query<{ id: string }>('select coalesce(max(id), 0)::text as id from event')).rows[0]!.id,
);
listener.on('notification', wake);
await listener.connect();
await listener.query('listen kinroom_event');
wake();
setInterval(wake, 1000).unref();

const server = createServer((req, res) => {
  const u = new URL(req.url ?? '/', 'http://kept');
  answer(
    res,
    u.pathname === '/room-board'
      ? roomBoard(req, u.searchParams)
      : Promise.reject(new HttpError('NOT_FOUND', 'No such route.')),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1', () => process.stdout.write(`ready ${portArg}\n`));
process.on('SIGTERM', () => {
  server.close();
  void Promise.all([pool.end(), listener.end()]).finally(() => process.exit(0));
});
// The bench holds an IPC channel to every server: when it goes away, so do they.
process.on('disconnect', () => process.exit(0));
