import { evaluateThreeStrikes, type AttendanceOutcome } from '@kinroom/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { loadDemoDataIfEmpty } from './demo.js';

let db: TestDatabase;
const now = new Date('2026-11-24T15:30:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  expect(await loadDemoDataIfEmpty(db.orm.em.fork(), now)).toBe(true);
});
afterAll(() => db.drop());

async function one<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T> {
  return (await db.sql(text, params)).rows[0] as T;
}

describe('the demo week', () => {
  it('is loaded once and never over what is already saved', async () => {
    const before = await one<{ n: number }>('select count(*)::int as n from session');
    expect(await loadDemoDataIfEmpty(db.orm.em.fork(), now)).toBe(false);
    expect((await one<{ n: number }>('select count(*)::int as n from session')).n).toBe(before.n);
  });

  it('has a centre on Coxford Road with several rooms, staff of every role and a dozen children', async () => {
    const centre = await one<{ id: string }>(`select id from centre where address like '%Coxford Road%'`);
    expect(
      (await one<{ n: number }>('select count(*)::int as n from room where centre_id = $1', [centre.id])).n,
    ).toBeGreaterThanOrEqual(6);
    const roles = (await db.sql('select distinct role from staff_user')).rows.map((r) => r.role).sort();
    expect(roles).toEqual(['admin', 'centre_manager', 'integrator', 'social_worker', 'supervisor']);
    expect((await one<{ n: number }>('select count(*)::int as n from child')).n).toBeGreaterThanOrEqual(12);
    const levels = (await db.sql('select distinct supervision_level from contact_agreement')).rows.map(
      (r) => r.supervision_level,
    );
    expect(levels.sort()).toEqual(['high_vigilance', 'supervised', 'supported']);
  });

  it('has sessions happening now, and rooms in every state', async () => {
    const live = await one<{ n: number }>(
      `select count(*)::int as n from session where status in ('parent_arrived','child_arrived','in_progress') and held_from <= $1 and held_until > $1`,
      [now],
    );
    expect(live.n).toBeGreaterThanOrEqual(2);
    const conditions = (await db.sql('select distinct condition from room')).rows
      .map((r) => r.condition)
      .sort();
    expect(conditions).toEqual(['needs_tidying', 'out_of_service', 'ready']);
  });

  it('has a family two missed sessions away from suspension, and a suspended one with its notice', async () => {
    const agreements = (await db.sql(`select id, status from contact_agreement`)).rows;
    const strikes: number[] = [];
    for (const a of agreements) {
      const rows = (
        await db.sql(
          `select s.id, s.starts_at, a.outcome from session s join attendance a on a.session_id = s.id where s.agreement_id = $1`,
          [a.id],
        )
      ).rows;
      const verdict = evaluateThreeStrikes(
        rows.map((r) => ({
          sessionId: r.id,
          scheduledStart: r.starts_at,
          outcome: r.outcome as AttendanceOutcome,
        })),
        now,
      );
      strikes.push(verdict.consecutiveUnexplained);
      expect(verdict.suspended).toBe(a.status === 'suspended');
    }
    expect(strikes).toContain(1);
    expect(strikes).toContain(3);
    const notice = await one<{ n: number }>('select count(*)::int as n from suspension_notice');
    expect(notice.n).toBe(1);
  });

  it('has past observations in every state and open safeguarding flags', async () => {
    const statuses = (await db.sql('select distinct status from observation')).rows
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual(['draft', 'final', 'submitted']);
    const open = await one<{ n: number }>(
      `select count(*)::int as n from safeguarding_flag where status <> 'resolved'`,
    );
    expect(open.n).toBeGreaterThanOrEqual(2);
  });
});
