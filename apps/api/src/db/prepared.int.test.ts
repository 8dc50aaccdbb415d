import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { MAX_PREPARED_TEXTS, queryPrepared } from './prepared.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('prepared reads', () => {
  it('keeps a bounded number of statements prepared however many texts clients make it run, and answers every one', async () => {
    const em = db.orm.em.fork();
    // More distinct texts than are ever prepared, each run twice, one after another (so on one pooled connection).
    const texts = MAX_PREPARED_TEXTS + 20;
    for (let i = 0; i < texts; i++) {
      for (let run = 0; run < 2; run++) {
        const [row] = await queryPrepared<{ n: number }>(em, `select ?::int + ${i} as n /* bounded */`, [
          run,
        ]);
        expect(row!.n).toBe(i + run);
      }
    }
    // Every connection of the pool holds at most the bound, and some of these texts were prepared.
    const pool = await em.getConnection().getNativeClient();
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    let ours = 0;
    try {
      for (const client of clients) {
        const { rows } = await client.query<{ held: number; ours: number }>(
          `select count(*)::int as held, count(*) filter (where statement like '%/* bounded */%')::int as ours
             from pg_prepared_statements`,
        );
        expect(rows[0]!.held).toBeLessThanOrEqual(MAX_PREPARED_TEXTS);
        ours += rows[0]!.ours;
      }
    } finally {
      for (const client of clients) client.release();
    }
    expect(ours).toBeGreaterThan(0);
  });
});
