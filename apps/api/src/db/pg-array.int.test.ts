import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { idArray, pgArray } from './pg-array.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('a list as one array parameter', () => {
  it('reaches PostgreSQL as the same values, whatever they hold', async () => {
    const values = ['attended', 'a, b', 'say "no"', 'back\\slash', '{braces}', ''];
    const [row] = await db.orm.em
      .fork()
      .execute<{ v: string[] }[]>('select ?::text[] as v', [pgArray(values)]);
    expect(row!.v).toEqual(values);
  });

  it('takes each id once, drops empty ones, and gives nothing to read for none', async () => {
    const id = '6f1c2b9e-8d4a-4c1e-9b7a-2f3d4e5a6b7c';
    const [row] = await db.orm.em
      .fork()
      .execute<{ v: string[] }[]>('select ?::uuid[] as v', [idArray([id, null, id, undefined])]);
    expect(row!.v).toEqual([id]);
    expect(idArray([null, undefined])).toBeNull();
    expect(idArray([])).toBeNull();
  });
});
