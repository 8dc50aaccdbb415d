import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { queryPrepared, runUntrusted } from './prepared.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** How many of the pool's connections hold a prepared statement whose text contains `mark`. */
async function connectionsHolding(mark: string): Promise<number> {
  const pool = await db.orm.em.getConnection().getNativeClient();
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  try {
    let holding = 0;
    for (const client of clients) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_prepared_statements where statement like '%' || $1 || '%'`,
        [mark],
      );
      if (rows[0]!.n > 0) holding++;
    }
    return holding;
  } finally {
    for (const client of clients) client.release();
  }
}

describe('prepared reads', () => {
  it('answers a text an untrusted document reaches first without preparing it, however often it runs', async () => {
    const em = db.orm.em.fork();
    for (let run = 0; run < 3; run++) {
      const [row] = await runUntrusted(() =>
        queryPrepared<{ n: number }>(em, `select ?::int + 1 as n /* untrusted */`, [run]),
      );
      expect(row!.n).toBe(run + 1);
    }
    expect(await connectionsHolding('/* untrusted */')).toBe(0);
  });

  it('prepares the server’s own texts, and runs them prepared for any document once they are', async () => {
    const em = db.orm.em.fork();
    const [row] = await queryPrepared<{ n: number }>(em, `select ?::int + 2 as n /* own */`, [1]);
    expect(row!.n).toBe(3);
    expect(await connectionsHolding('/* own */')).toBe(1);
    // Sequential reads take the pool's idle connection in turn: the one that holds the statement is used again.
    const [again] = await runUntrusted(() =>
      queryPrepared<{ n: number }>(em, `select ?::int + 2 as n /* own */`, [2]),
    );
    expect(again!.n).toBe(4);
    expect(await connectionsHolding('/* own */')).toBeGreaterThanOrEqual(1);
  });
});
