import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { Viewer } from '../auth/viewer.js';
import { logChildReads } from './access-log.service.js';

let db: TestDatabase;
let viewer: Viewer;
const HISTORY = { rootFields: 'query childHistory', clientName: 'ChildHistory' };

beforeAll(async () => {
  db = await createTestDatabase();
  const councilId = (
    await db.sql(`insert into council (id, name) values (gen_random_uuid(), 'Logshire') returning id`)
  ).rows[0].id as string;
  viewer = { userId: crypto.randomUUID(), councilId, role: 'social_worker', centreId: null, name: 'Sam' };
});
afterAll(() => db.drop());

async function rowsFor(childIds: string[]): Promise<{ child_id: string; fields: string[] }[]> {
  return (
    await db.sql(`select child_id, fields from access_log where child_id = any($1::uuid[]) order by id`, [
      childIds,
    ])
  ).rows;
}

describe('writing the access log', () => {
  it('writes every one of many simultaneous reads, with its own fields', async () => {
    const children = Array.from({ length: 120 }, () => crypto.randomUUID());
    await Promise.all(
      children.map((childId, i) =>
        logChildReads(db.orm.em.fork(), viewer, HISTORY, [
          { childId, fields: i % 2 ? ['sessions'] : ['sessions', 'flags'], reason: 'contact history read' },
        ]),
      ),
    );
    const rows = await rowsFor(children);
    expect(rows).toHaveLength(120);
    const byChild = new Map(rows.map((r) => [r.child_id, r.fields]));
    children.forEach((c, i) => expect(byChild.get(c)).toEqual(i % 2 ? ['sessions'] : ['sessions', 'flags']));
  });

  it('never reports a read as logged when its row was not written', async () => {
    // A read for a council that does not exist cannot be logged; reads waiting alongside it may fail with it,
    // but every read that is reported logged has its row.
    const stranger: Viewer = { ...viewer, councilId: crypto.randomUUID() };
    const children = Array.from({ length: 40 }, () => crypto.randomUUID());
    const outcomes = await Promise.allSettled(
      children.map((childId, i) =>
        logChildReads(db.orm.em.fork(), i === 20 ? stranger : viewer, HISTORY, [
          { childId, fields: ['sessions'], reason: 'contact history read' },
        ]),
      ),
    );
    expect(outcomes[20]!.status).toBe('rejected');
    const logged = new Set((await rowsFor(children)).map((r) => r.child_id));
    children.forEach((c, i) => expect(logged.has(c)).toBe(outcomes[i]!.status === 'fulfilled'));
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThan(0);
  });
});
