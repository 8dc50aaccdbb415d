import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageRows, messagesDatabase, raiseFlags } from '../../test/messages.js';
import type { TestDatabase } from '../../test/database.js';
import { planFromOutbox } from './planner.js';

let db: TestDatabase;
/** Every channel configured: the rules plan sendable messages. */
const channels = { supports: () => true };

const cursor = async () =>
  (await db.sql('select last_event_id::text as id from message_cursor')).rows[0].id as string;
const newestEvent = async () =>
  (await db.sql('select coalesce(max(id), 0)::text as id from event')).rows[0].id as string;

/** The outbox event of a raised flag, written in `client`'s open transaction. */
async function insertRaisedEvent(client: pg.Client, flagId: string): Promise<void> {
  await client.query(
    `insert into event (council_id, centre_id, child_id, topic, kind, subject_id, payload)
     select council_id, centre_id, child_id, 'flag', 'raised', id,
            '{"status":"open","severity":"medium","category":"neglect"}'
       from safeguarding_flag where id = $1`,
    [flagId],
  );
}

beforeAll(async () => {
  db = await messagesDatabase();
});
afterAll(() => db.drop());
beforeEach(async () => {
  // Each test starts with everything so far planned.
  await db.sql('update message_cursor set last_event_id = (select coalesce(max(id), 0) from event)');
});

describe('planning messages from the outbox', () => {
  it('plans the messages an event calls for, once, and moves the cursor past it', async () => {
    const [flagId] = await raiseFlags(db, 1);
    const first = await planFromOutbox(db.orm.em, channels);
    expect(first.events).toBeGreaterThanOrEqual(1);
    expect(first.queued).toHaveLength(1);
    const rows = await messageRows(db, 'flag_id = $1', [flagId]);
    expect(rows.map((r) => [r.purpose, r.status])).toEqual([['flag_raised_social_worker', 'queued']]);
    expect(await cursor()).toBe(await newestEvent());

    const again = await planFromOutbox(db.orm.em, channels);
    expect(again).toMatchObject({ events: 0, queued: [], stored: 0 });
    expect(await messageRows(db, 'flag_id = $1', [flagId])).toHaveLength(1);
  });

  it('a plan read again (the cursor not moved, as after a crash) stores nothing twice', async () => {
    const before = await cursor();
    const flags = await raiseFlags(db, 3);
    const first = await planFromOutbox(db.orm.em, channels);
    expect(first.queued).toHaveLength(3);
    await db.sql('update message_cursor set last_event_id = $1', [before]);
    const replay = await planFromOutbox(db.orm.em, channels);
    expect(replay.events).toBe(first.events);
    expect(replay.stored).toBe(0);
    expect(await messageRows(db, 'flag_id = any($1)', [flags])).toHaveLength(3);
  });

  it('two planners at once plan every message exactly once between them', async () => {
    const flags = await raiseFlags(db, 40);
    const [a, b] = await Promise.all([
      planFromOutbox(db.orm.em, channels, 7),
      planFromOutbox(db.orm.em, channels, 7),
    ]);
    const drained = [a!, b!];
    // Each run takes a batch; keep both going until the outbox is read to the end.
    while (drained[drained.length - 1]!.more || drained[drained.length - 2]!.more) {
      drained.push(
        ...(await Promise.all([
          planFromOutbox(db.orm.em, channels, 7),
          planFromOutbox(db.orm.em, channels, 7),
        ])),
      );
    }
    const queued = drained.flatMap((r) => r.queued);
    expect(new Set(queued).size).toBe(queued.length);
    expect(queued).toHaveLength(40);
    const rows = await messageRows(db, 'flag_id = any($1)', [flags]);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.flag_id)).size).toBe(40);
  });

  it('a change rolled back plans nothing', async () => {
    const [flagId] = await raiseFlags(db, 1);
    await db.sql('update message_cursor set last_event_id = (select coalesce(max(id), 0) from event)');
    const before = (await db.sql('select count(*)::int as n from message')).rows[0].n as number;
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    try {
      await writer.query('begin');
      await insertRaisedEvent(writer, flagId!);
      await writer.query('rollback');
    } finally {
      await writer.end();
    }
    const r = await planFromOutbox(db.orm.em, channels);
    expect(r).toMatchObject({ events: 0, stored: 0 });
    expect((await db.sql('select count(*)::int as n from message')).rows[0].n).toBe(before);
  });

  it('never skips an event still being committed: it is planned once it commits', async () => {
    const [flagId] = await raiseFlags(db, 1);
    await db.sql('update message_cursor set last_event_id = (select coalesce(max(id), 0) from event)');
    // A change in progress: its event has taken its id but is not committed.
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    try {
      await writer.query('begin');
      await insertRaisedEvent(writer, flagId!);
      const during = await planFromOutbox(db.orm.em, channels);
      expect(during.events).toBe(0);
      await writer.query('commit');
    } finally {
      await writer.end();
    }
    const after = await planFromOutbox(db.orm.em, channels);
    expect(after.events).toBe(1);
    expect(after.queued).toHaveLength(1);
    expect(await cursor()).toBe(await newestEvent());
  });

  it('stores a message it may not send as not sent, with the reason, and gives it no send', async () => {
    const [flagId] = await raiseFlags(db, 1);
    const r = await planFromOutbox(db.orm.em, { supports: () => false });
    expect(r.queued).toEqual([]);
    const rows = await messageRows(db, 'flag_id = $1', [flagId]);
    expect(rows.map((m) => [m.status, m.not_sent_reason])).toEqual([['not_sent', 'channel_not_configured']]);
  });
});
