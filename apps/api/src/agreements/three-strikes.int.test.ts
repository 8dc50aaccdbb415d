import {
  ATTENDANCE_OUTCOMES,
  evaluateThreeStrikes,
  sinceLastReset,
  type AttendanceHistoryEntry,
  type AttendanceOutcome,
} from '@kinroom/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedBasics, sessionFor, type Basics } from '../../test/fixtures.js';
import { make } from '../db/make.js';
import { Attendance } from '../sessions/session.entity.js';
import { ContactAgreement } from './agreement.entity.js';
import { strikeRun } from './three-strikes.service.js';

const N: AttendanceOutcome = 'unexplained_no_show';
const E: AttendanceOutcome = 'explained_absence';
const C: AttendanceOutcome = 'centre_cancelled';
const A: AttendanceOutcome = 'attended';
const L: AttendanceOutcome = 'late_within_grace';

/** One session's outcome, or two sessions starting at the same moment (in the centre's two rooms). */
type Step = AttendanceOutcome | [AttendanceOutcome, AttendanceOutcome];

let db: TestDatabase;
let b: Basics;
// Every sequence gets days of its own, so that no two sessions hold a room or a supervisor at once.
let nextDay = 0;
const DAY = 86_400_000;
const FIRST = Date.parse('2026-01-05T16:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  b = await seedBasics(db.orm.em.fork(), 'Strikes Council');
});
afterAll(() => db.drop());

/** A new agreement for the child with one session per step, each with its recorded outcome. */
async function agreementWith(steps: readonly Step[]): Promise<string> {
  const em = db.orm.em.fork();
  const agreement = make(ContactAgreement, {
    councilId: b.council.id,
    childId: b.child.id,
    centreId: b.centre.id,
    contactType: b.agreement.contactType,
    supervisionLevel: b.agreement.supervisionLevel,
    supervisionReasons: b.agreement.supervisionReasons,
    riskFactors: b.agreement.riskFactors,
    sessionsPerWeek: 2,
    sessionMinutes: 60,
    transportPlan: b.agreement.transportPlan,
    signedAt: b.agreement.signedAt,
    signedBy: b.agreement.signedBy,
    status: 'active',
    reviewDate: b.agreement.reviewDate,
    createdById: b.socialWorker.id,
  });
  em.persist(agreement);
  for (const step of steps) {
    const startsAt = new Date(FIRST + nextDay++ * DAY);
    const outcomes = typeof step === 'string' ? [step] : step;
    outcomes.forEach((outcome, i) => {
      const s = sessionFor(b, startsAt, 60, {
        agreementId: agreement.id,
        roomId: b.rooms[i]!.id,
        supervisorId: b.supervisors[i]!.id,
      });
      em.persist([s, make(Attendance, { councilId: b.council.id, sessionId: s.id, outcome })]);
    });
  }
  await em.flush();
  return agreement.id;
}

/** Everything recorded under an agreement, as the domain's rule takes it. */
async function wholeHistory(agreementId: string): Promise<AttendanceHistoryEntry[]> {
  const rows = await db.sql(
    `select s.id, s.starts_at, a.outcome from session s join attendance a on a.session_id = s.id
      where s.agreement_id = $1`,
    [agreementId],
  );
  return rows.rows.map((r: { id: string; starts_at: Date; outcome: AttendanceOutcome }) => ({
    sessionId: r.id,
    scheduledStart: new Date(r.starts_at),
    outcome: r.outcome,
  }));
}

const NOW = new Date('2027-06-01T12:00:00Z');

/** The SQL walk-back reads exactly what the domain's walk-back keeps, and the rule's verdict on it is the same. */
async function expectAgreement(agreementId: string): Promise<void> {
  const whole = await wholeHistory(agreementId);
  const run = await strikeRun(db.orm.em.fork(), agreementId);
  expect(run).toEqual(sinceLastReset(whole));
  expect(evaluateThreeStrikes(run, NOW)).toEqual(evaluateThreeStrikes(whole, NOW));
}

const EXAMPLES: [string, Step[]][] = [
  ['no attendance recorded yet', []],
  ['one unexplained absence', [N]],
  ['three unexplained absences in a row', [N, N, N]],
  ['an explained absence between strikes', [N, E, N, N]],
  ['an attended session in between', [N, N, A, N]],
  ['centre cancellations in between', [N, C, N, C, N]],
  ['a late arrival within the grace period in between', [N, N, L, N, N]],
  ['attended at both ends', [A, N, E, N, A]],
  ['a long run after attending', [A, A, N, N, N, N]],
  ['only explained absences and cancellations', [E, C, E]],
  ['an attended session and a no-show starting at the same moment', [N, N, [A, N], N]],
  ['a reset at the same moment as the last session', [N, [N, L]]],
];

describe('the three-strikes walk-back in SQL agrees with the domain on PostgreSQL', () => {
  it.each(EXAMPLES)('%s', async (_name, steps) => {
    await expectAgreement(await agreementWith(steps));
  });

  it('starts afresh under a new agreement: the old agreement’s strikes are not in its run', async () => {
    const old = await agreementWith([N, N]);
    const renewed = await agreementWith([N]);
    const run = await strikeRun(db.orm.em.fork(), renewed);
    expect(run).toHaveLength(1);
    expect(evaluateThreeStrikes(run, NOW).consecutiveUnexplained).toBe(1);
    await expectAgreement(old);
    await expectAgreement(renewed);
  });

  it('over random sequences of outcomes, some starting at the same moment', async () => {
    const outcome = fc.constantFrom(...ATTENDANCE_OUTCOMES);
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 4, arbitrary: outcome },
      { weight: 1, arbitrary: fc.tuple(outcome, outcome) },
    );
    const sequences = fc.sample(fc.array(step, { maxLength: 12 }), { numRuns: 25, seed: 8 });
    for (const steps of sequences) await expectAgreement(await agreementWith(steps));
  });
});
