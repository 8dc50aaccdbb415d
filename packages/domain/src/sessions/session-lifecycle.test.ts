import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedSessionEvents,
  checkStepTiming,
  isTerminal,
  occupiesRoom,
  SESSION_EVENTS,
  SESSION_STATUSES,
  STEPS_OPEN_MINUTES_BEFORE_START,
  stepOpensAt,
  transitionSession,
  type SessionEvent,
  type SessionStatus,
} from './session-lifecycle.js';

function run(events: readonly SessionEvent[], from: SessionStatus = 'scheduled'): SessionStatus {
  let status = from;
  for (const e of events) {
    const t = transitionSession(status, e);
    if (t.ok) status = t.to;
  }
  return status;
}

describe('transitionSession: the normal path', () => {
  it('goes scheduled → parent_arrived → child_arrived → in_progress → ended', () => {
    expect(transitionSession('scheduled', 'record_parent_arrival')).toEqual({
      ok: true,
      to: 'parent_arrived',
    });
    expect(transitionSession('parent_arrived', 'record_child_arrival')).toEqual({
      ok: true,
      to: 'child_arrived',
    });
    expect(transitionSession('child_arrived', 'start')).toEqual({ ok: true, to: 'in_progress' });
    expect(transitionSession('in_progress', 'end')).toEqual({ ok: true, to: 'ended' });
  });
});

describe('transitionSession: arrivals are staggered (rule 2)', () => {
  it('refuses the child arriving before the parent', () => {
    const t = transitionSession('scheduled', 'record_child_arrival');
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.reason).toMatch(/parent's arrival must be recorded first/);
  });

  it('refuses to start without the child', () => {
    expect(transitionSession('scheduled', 'start').ok).toBe(false);
    expect(transitionSession('parent_arrived', 'start').ok).toBe(false);
  });

  it('refuses recording an arrival twice', () => {
    expect(transitionSession('parent_arrived', 'record_parent_arrival').ok).toBe(false);
    expect(transitionSession('child_arrived', 'record_child_arrival').ok).toBe(false);
  });
});

describe('transitionSession: cancellation (rule 6)', () => {
  it.each(['scheduled', 'parent_arrived', 'child_arrived'] as const)('is allowed from %s', (from) => {
    expect(transitionSession(from, 'cancel')).toEqual({ ok: true, to: 'cancelled' });
  });

  it('is refused once the session has started, with a reason', () => {
    expect(transitionSession('in_progress', 'cancel')).toEqual({
      ok: false,
      code: 'session/invalid-transition',
      reason: 'A session that has started cannot be cancelled; end it instead',
    });
  });
});

describe('transitionSession: no-shows (rules 7 and 8)', () => {
  it('is recorded only from scheduled', () => {
    expect(transitionSession('scheduled', 'record_no_show')).toEqual({ ok: true, to: 'not_attended' });
    for (const from of ['parent_arrived', 'child_arrived', 'in_progress'] as const) {
      expect(transitionSession(from, 'record_no_show').ok).toBe(false);
    }
  });
});

describe('transitionSession: terminal states', () => {
  it('refuses every event from ended, cancelled and not_attended, each with a reason', () => {
    for (const from of ['ended', 'cancelled', 'not_attended'] as const) {
      for (const e of SESSION_EVENTS) {
        const t = transitionSession(from, e);
        expect(t.ok).toBe(false);
        if (!t.ok) expect(t.reason.length).toBeGreaterThan(10);
      }
    }
  });

  it('says why an ended session cannot start again', () => {
    const t = transitionSession('ended', 'start');
    expect(t).toMatchObject({ ok: false, reason: 'A session that has ended cannot be started again' });
  });
});

describe('isTerminal and occupiesRoom', () => {
  it('names the terminal states', () => {
    expect(SESSION_STATUSES.filter(isTerminal)).toEqual(['ended', 'cancelled', 'not_attended']);
  });

  it('holds the room from the parent arriving until the session ends', () => {
    expect(SESSION_STATUSES.filter(occupiesRoom)).toEqual(['parent_arrived', 'child_arrived', 'in_progress']);
  });
});

describe('allowedSessionEvents', () => {
  it('lists what can be done next', () => {
    expect(allowedSessionEvents('scheduled')).toEqual(['record_parent_arrival', 'cancel', 'record_no_show']);
    expect(allowedSessionEvents('in_progress')).toEqual(['end']);
    expect(allowedSessionEvents('ended')).toEqual([]);
  });
});

describe('transitionSession: properties', () => {
  const status = fc.constantFrom(...SESSION_STATUSES);
  const event = fc.constantFrom(...SESSION_EVENTS);
  const events = fc.array(event, { maxLength: 30 });

  it('never leaves a terminal state', () => {
    fc.assert(
      fc.property(events, (es) => {
        let s: SessionStatus = 'scheduled';
        let seenTerminal: SessionStatus | null = null;
        for (const e of es) {
          const t = transitionSession(s, e);
          if (t.ok) s = t.to;
          if (seenTerminal !== null) expect(s).toBe(seenTerminal);
          if (isTerminal(s)) seenTerminal = s;
        }
      }),
    );
  });

  it('never reaches in_progress without both arrivals first', () => {
    fc.assert(
      fc.property(events, (es) => {
        let s: SessionStatus = 'scheduled';
        let parent = false;
        let child = false;
        for (const e of es) {
          const t = transitionSession(s, e);
          if (!t.ok) continue;
          if (e === 'record_parent_arrival') parent = true;
          if (e === 'record_child_arrival') {
            expect(parent).toBe(true);
            child = true;
          }
          s = t.to;
          if (s === 'in_progress' || s === 'ended') {
            expect(parent && child).toBe(true);
          }
        }
      }),
    );
  });

  it('never cancels after the start', () => {
    fc.assert(
      fc.property(events, (es) => {
        let s: SessionStatus = 'scheduled';
        let started = false;
        for (const e of es) {
          const t = transitionSession(s, e);
          if (e === 'cancel' && started) expect(t.ok).toBe(false);
          if (t.ok) s = t.to;
          if (s === 'in_progress') started = true;
        }
        if (started) expect(s).not.toBe('cancelled');
      }),
    );
  });

  it('is deterministic and every refusal carries a reason', () => {
    fc.assert(
      fc.property(status, event, (s, e) => {
        const t = transitionSession(s, e);
        expect(transitionSession(s, e)).toEqual(t);
        if (!t.ok) expect(t.reason).not.toBe('');
        else expect(SESSION_STATUSES).toContain(t.to);
      }),
    );
  });

  it('only a scheduled session can become not_attended', () => {
    fc.assert(
      fc.property(status, (s) => {
        const t = transitionSession(s, 'record_no_show');
        expect(t.ok).toBe(s === 'scheduled');
      }),
    );
  });

  it('a session that was run through a full path ends', () => {
    expect(run(['record_parent_arrival', 'record_child_arrival', 'start', 'cancel', 'end'])).toBe('ended');
  });
});

describe('checkStepTiming: steps happen around the booked time (rules 2, 7 and 8)', () => {
  const start = new Date('2026-12-07T16:00:00Z');
  const minutes = (m: number) => new Date(start.getTime() + m * 60_000);
  const timing = (event: SessionEvent, now: Date, at?: Date) =>
    checkStepTiming({ event, scheduledStart: start, now, ...(at ? { at } : {}) });

  it('opens arrivals and the start an hour before the booked start', () => {
    expect(STEPS_OPEN_MINUTES_BEFORE_START).toBe(60);
    for (const e of ['record_parent_arrival', 'record_child_arrival', 'start'] as const) {
      expect(stepOpensAt(e, start)).toEqual(minutes(-60));
      expect(timing(e, minutes(-61)).ok).toBe(false);
      expect(timing(e, minutes(-60)).ok).toBe(true);
      expect(timing(e, minutes(-30)).ok).toBe(true);
    }
  });

  it('refuses a session booked days ahead, saying when it opens', () => {
    const t = timing('record_parent_arrival', minutes(-6 * 24 * 60));
    expect(t).toMatchObject({ ok: false, code: 'session/not-yet', opensAt: minutes(-60) });
    if (!t.ok) expect(t.reason).toMatch(/60 minutes before the booked start/);
  });

  it('records no outcome (an end or a no-show) before the booked start', () => {
    for (const e of ['end', 'record_no_show'] as const) {
      expect(stepOpensAt(e, start)).toEqual(start);
      const t = timing(e, minutes(-1));
      expect(t.ok).toBe(false);
      if (!t.ok) expect(t.reason).toMatch(/outcome/);
      expect(timing(e, start).ok).toBe(true);
    }
  });

  it('has no latest time: a step missed at the time is recorded afterwards', () => {
    for (const e of SESSION_EVENTS) expect(timing(e, minutes(30 * 24 * 60)).ok).toBe(true);
  });

  it('lets the centre cancel at any time', () => {
    expect(stepOpensAt('cancel', start)).toBeNull();
    expect(timing('cancel', minutes(-6 * 24 * 60)).ok).toBe(true);
  });

  it('judges both the clock and the time the step is said to have happened', () => {
    // Dated before the opening, though recorded after it.
    expect(timing('record_parent_arrival', minutes(-10), minutes(-90)).ok).toBe(false);
    // Dated just inside the opening but recorded ahead of it.
    expect(timing('record_parent_arrival', minutes(-61), minutes(-60)).ok).toBe(false);
    expect(timing('record_parent_arrival', minutes(-10), minutes(-20)).ok).toBe(true);
  });

  it('never lets an outcome be recorded before the booked start, whatever the times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -20_000, max: 20_000 }),
        fc.integer({ min: -20_000, max: 20_000 }),
        fc.constantFrom<SessionEvent>('end', 'record_no_show'),
        (nowMin, atMin, event) => {
          const t = timing(event, minutes(nowMin), minutes(atMin));
          expect(t.ok).toBe(Math.min(nowMin, atMin) >= 0);
        },
      ),
    );
  });
});
