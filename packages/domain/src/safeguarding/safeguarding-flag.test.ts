import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acknowledgementDeadline,
  FLAG_ACTIONS,
  FLAG_STATUSES,
  needsEscalation,
  transitionFlag,
  type FlagStatus,
} from './safeguarding-flag.js';

const raisedAt = new Date('2026-11-03T16:20:00Z');
const plus = (minutes: number): Date => new Date(raisedAt.getTime() + minutes * 60_000);

describe('acknowledgementDeadline (rule 10, Kinroom policy)', () => {
  it.each([
    ['critical', 15],
    ['high', 60],
    ['medium', 240],
    ['low', 1440],
  ] as const)('gives a %s flag %i minutes', (severity, minutes) => {
    expect(acknowledgementDeadline(raisedAt, severity)).toEqual(plus(minutes));
  });

  it('counts elapsed time across a clock change', () => {
    expect(acknowledgementDeadline(new Date('2026-10-24T23:30:00Z'), 'medium').toISOString()).toBe(
      '2026-10-25T03:30:00.000Z',
    );
  });
});

describe('transitionFlag', () => {
  it('acknowledges or escalates an open flag', () => {
    expect(transitionFlag('open', 'acknowledge')).toEqual({ ok: true, to: 'acknowledged' });
    expect(transitionFlag('open', 'escalate')).toEqual({ ok: true, to: 'escalated' });
  });

  it('will not resolve a flag nobody has acknowledged', () => {
    expect(transitionFlag('open', 'resolve')).toEqual({
      ok: false,
      code: 'safeguarding/invalid-transition',
      reason: 'A flag must be acknowledged before it is resolved, so that who saw it and when is recorded',
    });
  });

  it('escalates or resolves an acknowledged flag', () => {
    expect(transitionFlag('acknowledged', 'escalate')).toEqual({ ok: true, to: 'escalated' });
    expect(transitionFlag('acknowledged', 'resolve')).toEqual({ ok: true, to: 'resolved' });
    expect(transitionFlag('acknowledged', 'acknowledge').ok).toBe(false);
  });

  it('lets the person an escalated flag went to acknowledge or resolve it', () => {
    expect(transitionFlag('escalated', 'acknowledge')).toEqual({ ok: true, to: 'acknowledged' });
    expect(transitionFlag('escalated', 'resolve')).toEqual({ ok: true, to: 'resolved' });
    expect(transitionFlag('escalated', 'escalate').ok).toBe(false);
  });

  it('never moves a resolved flag', () => {
    for (const action of FLAG_ACTIONS) {
      expect(transitionFlag('resolved', action)).toMatchObject({ ok: false });
    }
  });

  it('never resolves without an acknowledgement or escalation first (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FLAG_ACTIONS), { maxLength: 20 }), (actions) => {
        let s: FlagStatus = 'open';
        let handled = false;
        for (const a of actions) {
          const t = transitionFlag(s, a);
          if (!t.ok) continue;
          expect(s).not.toBe('resolved');
          if (t.to === 'resolved') expect(handled).toBe(true);
          if (t.to === 'acknowledged' || t.to === 'escalated') handled = true;
          s = t.to;
          expect(FLAG_STATUSES).toContain(s);
        }
      }),
    );
  });
});

describe('needsEscalation', () => {
  it('is true for an open flag past its deadline', () => {
    const flag = { status: 'open' as const, raisedAt, severity: 'critical' as const };
    expect(needsEscalation(flag, plus(14))).toBe(false);
    expect(needsEscalation(flag, plus(15))).toBe(false);
    expect(needsEscalation(flag, new Date(plus(15).getTime() + 1))).toBe(true);
  });

  it('is false once someone has acknowledged, escalated or resolved it', () => {
    for (const status of ['acknowledged', 'escalated', 'resolved'] as const) {
      expect(needsEscalation({ status, raisedAt, severity: 'critical' }, plus(600))).toBe(false);
    }
  });

  it('gives a low flag a day', () => {
    const flag = { status: 'open' as const, raisedAt, severity: 'low' as const };
    expect(needsEscalation(flag, plus(23 * 60))).toBe(false);
    expect(needsEscalation(flag, plus(25 * 60))).toBe(true);
  });
});
