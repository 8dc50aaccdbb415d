import { SESSION_STATUSES } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { LiveEvent } from '../realtime/live-event.js';
import { CURRENT_SESSION_SQL, isCurrentSessionEvent, RECENT_SESSION_DAYS } from './index.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function sessionEvent(status: string, endsAt: Date): LiveEvent {
  return {
    id: '1',
    seq: 1n,
    councilId: 'c',
    centreId: 'centre',
    childId: 'child',
    topic: 'session',
    kind: 'booked',
    subjectId: 's',
    payload: { status, endsAt: endsAt.toISOString() },
    createdAt: new Date(),
  };
}

describe('a session that is current work for its centre', () => {
  it('is decided alike by the SQL of a manager’s scope and by the rule a live event is filtered with', async () => {
    const offsets = [
      -400 * DAY,
      -(RECENT_SESSION_DAYS * DAY + HOUR),
      -(RECENT_SESSION_DAYS * DAY - HOUR),
      -HOUR,
      HOUR,
      7 * DAY,
    ];
    let compared = 0;
    for (const status of SESSION_STATUSES) {
      for (const offset of offsets) {
        const endsAt = new Date(Date.now() + offset);
        const { rows } = await db.sql(
          `select ${CURRENT_SESSION_SQL} as current from (values ($1::text, $2::timestamptz)) as s(status, ends_at)`,
          [status, endsAt],
        );
        expect(isCurrentSessionEvent(sessionEvent(status, endsAt), new Date()), `${status} ${offset}`).toBe(
          rows[0].current,
        );
        compared += 1;
      }
    }
    expect(compared).toBe(SESSION_STATUSES.length * offsets.length);
  });
});
