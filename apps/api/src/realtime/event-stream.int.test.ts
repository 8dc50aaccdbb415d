import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { EventStream } from './event-stream.js';
import { directDatabase } from '../db/connection.js';
import type { LiveEvent } from './live-event.js';

let db: TestDatabase;
let councilId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  councilId = (
    await db.sql(`insert into council (id, name) values (gen_random_uuid(), 'Eventshire') returning id`)
  ).rows[0].id;
});
afterAll(() => db.drop());

async function writeEvents(n: number): Promise<void> {
  await db.sql(
    `insert into event (council_id, topic, kind, subject_id)
     select $1, 'room', 'condition', gen_random_uuid() from generate_series(1, $2)`,
    [councilId, n],
  );
}

describe('the event stream', () => {
  it('reads and delivers events in cursor order across a change in the number of digits', async () => {
    // Cursors are carried as decimal strings: 99 must come before 100, which a comparison of text gets wrong.
    await db.sql(`select setval('event_id_seq', 95)`);
    const stream = new EventStream(directDatabase(db.url), { catchUpMs: 50 });
    const delivered: LiveEvent[] = [];
    stream.onEvents((events) => delivered.push(...events));
    await stream.start();
    try {
      await writeEvents(8);
      const deadline = Date.now() + 30_000;
      while (delivered.length < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(delivered.map((e) => e.id)).toEqual(['96', '97', '98', '99', '100', '101', '102', '103']);
      const replay = await stream.readAfter('97', 3, councilId);
      expect(replay.map((e) => e.id)).toEqual(['98', '99', '100']);
    } finally {
      await stream.stop();
    }
  });
});
