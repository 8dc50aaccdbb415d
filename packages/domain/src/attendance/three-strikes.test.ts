import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_OUTCOMES, type AttendanceOutcome } from './attendance.js';
import {
  evaluateThreeStrikes,
  sinceLastReset,
  strikeRunInWords,
  STRIKES_TO_SUSPEND,
  STRIKES_WORDING,
  suspendedAfterRunText,
  type AttendanceHistoryEntry,
} from './three-strikes.js';

const N: AttendanceOutcome = 'unexplained_no_show';
const E: AttendanceOutcome = 'explained_absence';
const C: AttendanceOutcome = 'centre_cancelled';
const A: AttendanceOutcome = 'attended';
const L: AttendanceOutcome = 'late_within_grace';

// Weekly sessions at 15:00 UTC from Tuesday 6 October 2026: 16:00 in London until the clocks go back on 25 October, 15:00 after.
const FIRST = Date.UTC(2026, 9, 6, 15, 0);
const WEEK = 7 * 86_400_000;

function history(outcomes: readonly AttendanceOutcome[]): AttendanceHistoryEntry[] {
  return outcomes.map((outcome, i) => ({
    sessionId: `s${i + 1}`,
    scheduledStart: new Date(FIRST + i * WEEK),
    outcome,
  }));
}

const now = new Date('2026-12-01T10:00:00Z');

describe('evaluateThreeStrikes: the examples of rule 8', () => {
  it('suspends after three unexplained no-shows in a row (N-N-N)', () => {
    const r = evaluateThreeStrikes(history([N, N, N]), now);
    expect(r.suspended).toBe(true);
    expect(r.consecutiveUnexplained).toBe(3);
    expect(r.strikeSessions.map((s) => s.sessionId)).toEqual(['s1', 's2', 's3']);
  });

  it('suspends when an explained absence sits between strikes (N-E-N-N): it neither counts nor resets', () => {
    const r = evaluateThreeStrikes(history([N, E, N, N]), now);
    expect(r.suspended).toBe(true);
    expect(r.consecutiveUnexplained).toBe(3);
    expect(r.strikeSessions.map((s) => s.sessionId)).toEqual(['s1', 's3', 's4']);
  });

  it('does not suspend when an attended session breaks the run (N-N-A-N)', () => {
    const r = evaluateThreeStrikes(history([N, N, A, N]), now);
    expect(r.suspended).toBe(false);
    expect(r.consecutiveUnexplained).toBe(1);
    expect(r.strikeSessions.map((s) => s.sessionId)).toEqual(['s4']);
    expect(r.notice).toBeNull();
  });

  it('does not let a centre cancellation reset the count (N-C-N-C-N)', () => {
    const r = evaluateThreeStrikes(history([N, C, N, C, N]), now);
    expect(r.suspended).toBe(true);
    expect(r.consecutiveUnexplained).toBe(3);
  });

  it('lets a late arrival within the grace period reset the count (N-N-L-N-N)', () => {
    const r = evaluateThreeStrikes(history([N, N, L, N, N]), now);
    expect(r.suspended).toBe(false);
    expect(r.consecutiveUnexplained).toBe(2);
  });

  it('does not suspend on two strikes, nor on an empty history', () => {
    expect(evaluateThreeStrikes(history([A, N, N]), now)).toMatchObject({
      suspended: false,
      consecutiveUnexplained: 2,
    });
    expect(evaluateThreeStrikes([], now)).toEqual({
      consecutiveUnexplained: 0,
      suspended: false,
      strikeSessions: [],
      notice: null,
    });
  });

  it('counts the whole run when it is longer than three', () => {
    const r = evaluateThreeStrikes(history([A, N, N, N, N]), now);
    expect(r.consecutiveUnexplained).toBe(4);
    expect(r.notice?.missedSessions).toHaveLength(4);
  });

  it('sorts history given in any order', () => {
    const h = history([N, N, A, N]);
    const shuffled = [h[3], h[0], h[2], h[1]] as AttendanceHistoryEntry[];
    expect(evaluateThreeStrikes(shuffled, now)).toEqual(evaluateThreeStrikes(h, now));
    expect(evaluateThreeStrikes(shuffled, now).suspended).toBe(false);
  });

  it('uses three strikes', () => {
    expect(STRIKES_TO_SUSPEND).toBe(3);
  });
});

describe('evaluateThreeStrikes: the suspension notice', () => {
  const r = evaluateThreeStrikes(history([A, N, E, N, N]), now);
  const notice = r.notice;

  it('is issued at now', () => {
    expect(notice?.issuedAt).toBe(now);
  });

  it('states the decision, dated in London', () => {
    expect(notice?.decision).toContain('suspended from Tuesday 1 December 2026');
  });

  it('lists the missed sessions in London time, across the change back to GMT', () => {
    // s2 is in BST (16:00 London); s4 and s5 are after the clocks went back (15:00 London).
    expect(notice?.missedSessions).toEqual([
      { sessionId: 's2', scheduledStart: new Date(FIRST + WEEK) },
      { sessionId: 's4', scheduledStart: new Date(FIRST + 3 * WEEK) },
      { sessionId: 's5', scheduledStart: new Date(FIRST + 4 * WEEK) },
    ]);
    const listed = notice?.reasons.find((line) => line.startsWith('The sessions you missed'));
    expect(listed).toBe(
      'The sessions you missed were: Tuesday 13 October 2026 at 16:00; Tuesday 27 October 2026 at 15:00; Tuesday 3 November 2026 at 15:00.',
    );
  });

  it('gives the reason in words a parent can read', () => {
    expect(notice?.reasons[0]).toBe(
      'You did not attend three contact sessions in a row and did not tell the centre before they started that you could not come.',
    );
  });

  it('gives the duration and what the parent can do', () => {
    expect(notice?.duration).toMatch(/^Until a new contact agreement is made/);
    const actions = notice?.parentActions.join('\n') ?? '';
    expect(actions).toMatch(/social worker/);
    expect(actions).toMatch(/new contact agreement/);
    expect(actions).toMatch(/complaint/);
    expect(actions).toMatch(/section 34/);
  });
});

describe('evaluateThreeStrikes: properties', () => {
  const outcome = fc.constantFrom(...ATTENDANCE_OUTCOMES);
  const neutral = fc.constantFrom(E, C);
  const outcomes = fc.array(outcome, { maxLength: 25 });

  function lastThreeNonNeutralAreStrikes(os: readonly AttendanceOutcome[]): boolean {
    const decisive = os.filter((o) => o !== E && o !== C);
    return decisive.length >= STRIKES_TO_SUSPEND && decisive.slice(-STRIKES_TO_SUSPEND).every((o) => o === N);
  }

  it('suspends exactly when the last three non-neutral outcomes are unexplained no-shows', () => {
    fc.assert(
      fc.property(outcomes, (os) => {
        expect(evaluateThreeStrikes(history(os), now).suspended).toBe(lastThreeNonNeutralAreStrikes(os));
      }),
    );
  });

  it('counts the trailing run of strikes among non-neutral outcomes', () => {
    fc.assert(
      fc.property(outcomes, (os) => {
        const decisive = os.filter((o) => o !== E && o !== C);
        let run = 0;
        while (run < decisive.length && decisive[decisive.length - 1 - run] === N) run++;
        const r = evaluateThreeStrikes(history(os), now);
        expect(r.consecutiveUnexplained).toBe(run);
        expect(r.strikeSessions).toHaveLength(run);
        expect(r.strikeSessions.every((s) => s.outcome === N)).toBe(true);
      }),
    );
  });

  it('never changes its verdict when explained absences or centre cancellations are inserted anywhere', () => {
    fc.assert(
      fc.property(outcomes, fc.array(fc.tuple(fc.nat(), neutral), { maxLength: 6 }), (os, inserts) => {
        const withNeutral = [...os];
        for (const [at, o] of inserts) withNeutral.splice(at % (withNeutral.length + 1), 0, o);
        const before = evaluateThreeStrikes(history(os), now);
        const after = evaluateThreeStrikes(history(withNeutral), now);
        expect(after.suspended).toBe(before.suspended);
        expect(after.consecutiveUnexplained).toBe(before.consecutiveUnexplained);
      }),
    );
  });

  it('is always cleared by appending an attended session', () => {
    fc.assert(
      fc.property(outcomes, fc.constantFrom(A, L), (os, attended) => {
        const r = evaluateThreeStrikes(history([...os, attended]), now);
        expect(r.suspended).toBe(false);
        expect(r.consecutiveUnexplained).toBe(0);
        expect(r.notice).toBeNull();
      }),
    );
  });

  it('always suspends after as many more unexplained no-shows as the rule counts', () => {
    const run = Array.from({ length: STRIKES_TO_SUSPEND }, () => N);
    fc.assert(
      fc.property(outcomes, (os) => {
        expect(evaluateThreeStrikes(history([...os, ...run]), now).suspended).toBe(true);
      }),
    );
  });

  it('does not depend on the order the history is given in', () => {
    fc.assert(
      fc.property(
        outcomes.chain((os) => {
          const h = history(os);
          return fc.tuple(
            fc.constant(h),
            fc.shuffledSubarray(h, { minLength: h.length, maxLength: h.length }),
          );
        }),
        ([h, shuffled]) => {
          expect(evaluateThreeStrikes(shuffled, now)).toEqual(evaluateThreeStrikes(h, now));
        },
      ),
    );
  });

  it('issues a notice exactly when suspended, listing the strike sessions', () => {
    fc.assert(
      fc.property(outcomes, (os) => {
        const r = evaluateThreeStrikes(history(os), now);
        expect(r.notice !== null).toBe(r.suspended);
        if (r.notice) {
          expect(r.notice.issuedAt).toBe(now);
          expect(r.notice.missedSessions.map((m) => m.sessionId)).toEqual(
            r.strikeSessions.map((s) => s.sessionId),
          );
        }
      }),
    );
  });
});

describe('sinceLastReset: the part of a history the rule can still see', () => {
  it('starts at the last attended session, and is the whole history when none resets it', () => {
    expect(sinceLastReset(history([N, A, N, E, L, C, N])).map((e) => e.sessionId)).toEqual([
      's5',
      's6',
      's7',
    ]);
    expect(sinceLastReset(history([N, E, C, N])).map((e) => e.sessionId)).toEqual(['s1', 's2', 's3', 's4']);
    expect(sinceLastReset(history([N, N, A]))).toHaveLength(1);
    expect(sinceLastReset([])).toEqual([]);
  });

  it('keeps every session starting at the same moment as the reset, whichever order ids put them in', () => {
    const at = new Date(FIRST);
    const h: AttendanceHistoryEntry[] = [
      { sessionId: 'b', scheduledStart: at, outcome: A },
      { sessionId: 'a', scheduledStart: at, outcome: N },
      { sessionId: 'c', scheduledStart: at, outcome: N },
    ];
    expect(sinceLastReset(h).map((e) => e.sessionId)).toEqual(['a', 'b', 'c']);
    expect(evaluateThreeStrikes(h, now).consecutiveUnexplained).toBe(1);
  });

  it('gives the rule the same verdict as the whole history', () => {
    const sameStart = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom(...ATTENDANCE_OUTCOMES)),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(sameStart, (rows) => {
        // Few distinct starts, so that ties with the reset are common.
        const h = rows.map(([day, outcome], i) => ({
          sessionId: `s${String(i).padStart(2, '0')}`,
          scheduledStart: new Date(FIRST + day * WEEK),
          outcome,
        }));
        expect(evaluateThreeStrikes(sinceLastReset(h), now)).toEqual(evaluateThreeStrikes(h, now));
      }),
    );
  });
});

describe('the rule in words', () => {
  it('names the number the rule counts', () => {
    expect(STRIKES_WORDING.ruleName).toBe('three strikes');
    expect(STRIKES_WORDING.inBrief).toBe('Three in a row suspend contact; explained absences do not count.');
    expect(STRIKES_WORDING.suspended).toBe('Contact suspended after three unexplained absences');
    expect(STRIKES_WORDING.absences).toBe('three unexplained absences');
  });

  it('says where a run stands and what the next absence would do', () => {
    expect(strikeRunInWords(0)).toEqual({ text: 'None in a row', toGo: 3 });
    expect(strikeRunInWords(1)).toEqual({ text: '1 in a row: two more would suspend contact', toGo: 2 });
    expect(strikeRunInWords(2)).toEqual({ text: '2 in a row: one more suspends contact', toGo: 1 });
    expect(strikeRunInWords(5)).toEqual({ text: '5 in a row', toGo: 0 });
    expect(suspendedAfterRunText(0)).toBe('Contact suspended after 3 unexplained absences in a row');
    expect(suspendedAfterRunText(4)).toBe('Contact suspended after 4 unexplained absences in a row');
  });
});
