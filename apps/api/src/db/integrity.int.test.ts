import { reportDueDate } from '@kinroom/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedBasics, sessionFor, type Basics } from '../../test/fixtures.js';
import { make } from './make.js';
import { Observation, ObservationAmendment } from '../observations/observation.entity.js';
import { evidenceHash, observationEvidence } from '../observations/evidence-hash.js';
import { EventRecord } from '../realtime/event.entity.js';

let db: TestDatabase;
let b: Basics;

beforeAll(async () => {
  db = await createTestDatabase();
  b = await seedBasics(db.orm.em.fork());
});
afterAll(() => db.drop());

async function finalObservation(start: string): Promise<Observation> {
  const em = db.orm.em.fork();
  const s = sessionFor(b, new Date(start));
  const o = make(Observation, {
    councilId: b.council.id,
    sessionId: s.id,
    childId: b.child.id,
    authorId: b.supervisors[0]!.id,
    reviewerId: b.supervisors[1]!.id,
    sections: [{ key: 'activities', facts: 'Played with blocks', opinion: '' }],
    dueAt: reportDueDate(s.endsAt, 'england_and_wales'),
    status: 'final',
    finalisedAt: new Date(),
  });
  o.contentHash = evidenceHash(observationEvidence(o), null);
  await em.persist([s, o]).flush();
  return o;
}

describe('evidence cannot be changed in the database (docs/domain.md rule 9)', () => {
  it('refuses to update or delete a final observation, even in raw SQL', async () => {
    const o = await finalObservation('2026-12-10T10:00:00Z');
    await expect(db.sql(`update observation set sections = '[]' where id = $1`, [o.id])).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(db.sql(`delete from observation where id = $1`, [o.id])).rejects.toThrow(
      /cannot be deleted/,
    );
    const row = await db.sql('select sections from observation where id = $1', [o.id]);
    expect(row.rows[0].sections[0].facts).toBe('Played with blocks');
  });

  it('still lets a draft be edited', async () => {
    const em = db.orm.em.fork();
    const s = sessionFor(b, new Date('2026-12-11T10:00:00Z'));
    const o = make(Observation, {
      councilId: b.council.id,
      sessionId: s.id,
      childId: b.child.id,
      authorId: b.supervisors[0]!.id,
      dueAt: reportDueDate(s.endsAt, 'england_and_wales'),
    });
    await em.persist([s, o]).flush();
    await db.sql(
      `update observation set sections = '[{"key":"activities","facts":"x","opinion":""}]' where id = $1`,
      [o.id],
    );
    expect(
      (await db.sql('select sections from observation where id = $1', [o.id])).rows[0].sections,
    ).toHaveLength(1);
  });

  it('keeps amendments append-only', async () => {
    const o = await finalObservation('2026-12-12T10:00:00Z');
    const em = db.orm.em.fork();
    const a = make(ObservationAmendment, {
      councilId: b.council.id,
      observationId: o.id,
      childId: b.child.id,
      authorId: b.supervisors[0]!.id,
      reason: 'Correction',
      text: 'The session started five minutes late.',
      contentHash: 'h',
    });
    await em.persist(a).flush();
    await expect(db.sql(`update observation_amendment set text = 'x' where id = $1`, [a.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.sql(`delete from observation_amendment where id = $1`, [a.id])).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('records the law says to keep (docs/domain.md rules 11 and 12)', () => {
  it('refuses to delete a child before the retention date', async () => {
    await expect(db.sql('delete from child where id = $1', [b.child.id])).rejects.toThrow(
      /must be kept until/,
    );
  });

  it('keeps the access log append-only', async () => {
    await db.sql(
      `insert into access_log (council_id, role, child_id, reason) values ($1, 'social_worker', $2, 'test')`,
      [b.council.id, b.child.id],
    );
    await expect(db.sql(`update access_log set reason = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(db.sql(`delete from access_log`)).rejects.toThrow(/append-only/);
  });
});

describe('the event outbox', () => {
  it('numbers events in commit order and wakes listeners with the id alone', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query('listen kinroom_event');
    const em = db.orm.em.fork();
    const events = [1, 2, 3].map((n) =>
      make(EventRecord, { councilId: b.council.id, topic: 'test', kind: `k${n}`, payload: { n } }),
    );
    for (const e of events) await em.persist(e).flush();
    await new Promise((r) => setTimeout(r, 200));
    await listener.end();
    const ids = events.map((e) => Number(e.id));
    expect(ids[1]! - ids[0]!).toBe(1);
    expect(ids[2]! - ids[1]!).toBe(1);
    expect(heard).toEqual(ids.map(String));
  });

  it('produces no event, and no wake-up, for a rolled-back change', async () => {
    const before = await db.sql('select coalesce(max(id), 0)::int as id from event');
    const em = db.orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        tx.persist(make(EventRecord, { councilId: b.council.id, topic: 'test', kind: 'doomed' }));
        await tx.flush();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await db.sql(`select count(*)::int as n from event where kind = 'doomed'`);
    expect(after.rows[0].n).toBe(0);
    expect((await db.sql('select coalesce(max(id), 0)::int as id from event')).rows[0].id).toBe(
      before.rows[0].id,
    );
  });
});
