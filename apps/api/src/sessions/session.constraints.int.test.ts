import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedBasics, sessionFor, type Basics } from '../../test/fixtures.js';

const EXCLUSION_VIOLATION = '23P01';

let db: TestDatabase;
let b: Basics;

beforeAll(async () => {
  db = await createTestDatabase();
  b = await seedBasics(db.orm.em.fork());
});
afterAll(() => db.drop());

async function book(
  over: Parameters<typeof sessionFor>[3],
  start: string,
  minutes = 60,
): Promise<string | null> {
  const em = db.orm.em.fork();
  try {
    await em.persist(sessionFor(b, new Date(start), minutes, over)).flush();
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('double booking is refused by the database (DOMAIN.md rule 3)', () => {
  it('lets exactly one of 50 concurrent bookings of the same room and time win', async () => {
    const start = '2026-12-01T16:00:00Z';
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        // Each request has a different supervisor slot but the same room, so only the room constraint decides.
        book({ supervisorId: b.supervisors[i % 2]!.id, secondStaffId: null }, start),
      ),
    );
    const wins = results.filter((r) => r === null).length;
    expect(wins).toBe(1);
    expect(results.filter((r) => r === EXCLUSION_VIOLATION)).toHaveLength(49);
    const stored = await db.sql(
      'select count(*)::int as n from session where room_id = $1 and starts_at = $2',
      [b.rooms[0]!.id, start],
    );
    expect(stored.rows[0].n).toBe(1);
  });

  it('refuses a supervisor in two rooms at once', async () => {
    expect(await book({ roomId: b.rooms[0]!.id }, '2026-12-02T16:00:00Z')).toBeNull();
    expect(await book({ roomId: b.rooms[1]!.id }, '2026-12-02T16:30:00Z')).toBe(EXCLUSION_VIOLATION);
    expect(
      await book({ roomId: b.rooms[1]!.id, supervisorId: b.supervisors[1]!.id }, '2026-12-02T16:30:00Z'),
    ).toBeNull();
  });

  it('keeps the staggered arrival, departure and tidying gap around each booking', async () => {
    // 10:00–11:00 holds the room from 09:45 (parent arrives) to 11:30 (parent leaves, then 15 minutes tidying).
    expect(await book({}, '2026-12-03T10:00:00Z')).toBeNull();
    const other = { supervisorId: b.supervisors[1]!.id };
    expect(await book(other, '2026-12-03T11:40:00Z')).toBe(EXCLUSION_VIOLATION); // would hold from 11:25
    expect(await book(other, '2026-12-03T08:30:00Z')).toBe(EXCLUSION_VIOLATION); // would hold until 09:45+
    expect(await book(other, '2026-12-03T11:45:00Z')).toBeNull(); // holds from 11:30 exactly
    const held = await db.sql(
      `select held_from, held_until from session where starts_at = '2026-12-03T10:00:00Z'`,
    );
    expect(held.rows[0].held_from.toISOString()).toBe('2026-12-03T09:45:00.000Z');
    expect(held.rows[0].held_until.toISOString()).toBe('2026-12-03T11:30:00.000Z');
  });

  it('does not let a client forge the held span', async () => {
    await db.sql(
      `update session set held_from = starts_at, held_until = starts_at + interval '1 minute' where starts_at = '2026-12-03T10:00:00Z'`,
    );
    const held = await db.sql(`select held_until from session where starts_at = '2026-12-03T10:00:00Z'`);
    expect(held.rows[0].held_until.toISOString()).toBe('2026-12-03T11:30:00.000Z');
  });

  it('frees the room when a session is cancelled', async () => {
    const em = db.orm.em.fork();
    const s = sessionFor(b, new Date('2026-12-04T10:00:00Z'));
    await em.persist(s).flush();
    expect(await book({ supervisorId: b.supervisors[1]!.id }, '2026-12-04T10:00:00Z')).toBe(
      EXCLUSION_VIOLATION,
    );
    Object.assign(s, {
      status: 'cancelled',
      cancelledAt: new Date(),
      cancelledById: b.manager.id,
      cancellationReason: 'child_ill',
    });
    await em.flush();
    expect(await book({ supervisorId: b.supervisors[1]!.id }, '2026-12-04T10:00:00Z')).toBeNull();
  });

  it('never lets a booking reference another council’s room', async () => {
    const other = await seedBasics(db.orm.em.fork(), 'Other Council');
    expect(await book({ roomId: other.rooms[0]!.id }, '2026-12-05T10:00:00Z')).toBe('23503');
  });
});
