import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedSessionEvents,
  isTerminal,
  occupiesRoom,
  SESSION_EVENTS,
  SESSION_STATUSES,
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
