import { describe, expect, it } from 'vitest';
import { awaitsAcknowledgement, flagAnnouncement, waitingFlags, type WaitingFlag } from './waiting-flags';

const flag = (over: Partial<WaitingFlag> & { id: string }) => ({
  status: 'OPEN' as const,
  severity: 'HIGH' as const,
  category: 'DISCLOSURE' as const,
  raisedAt: '2026-12-07T10:00:00Z',
  child: { firstName: 'Ruby', lastInitial: 'B' },
  room: null,
  ...over,
});

describe('the flags that wait for someone', () => {
  it('are the open and escalated ones, never those acknowledged or resolved', () => {
    expect(awaitsAcknowledgement({ status: 'OPEN' })).toBe(true);
    expect(awaitsAcknowledgement({ status: 'ESCALATED' })).toBe(true);
    expect(awaitsAcknowledgement({ status: 'ACKNOWLEDGED' })).toBe(false);
    expect(awaitsAcknowledgement({ status: 'RESOLVED' })).toBe(false);
  });

  it('come most severe first, then the one waiting longest', () => {
    const list = waitingFlags([
      flag({ id: 'low', severity: 'LOW', raisedAt: '2026-12-07T08:00:00Z' }),
      flag({ id: 'high-new', raisedAt: '2026-12-07T10:05:00Z' }),
      flag({ id: 'done', severity: 'CRITICAL', status: 'ACKNOWLEDGED' }),
      flag({ id: 'critical', severity: 'CRITICAL', raisedAt: '2026-12-07T10:10:00Z' }),
      flag({ id: 'high-old', status: 'ESCALATED', raisedAt: '2026-12-07T09:00:00Z' }),
      flag({ id: 'medium', severity: 'MEDIUM' }),
    ]);
    expect(list.map((f) => f.id)).toEqual(['critical', 'high-old', 'high-new', 'medium', 'low']);
  });
});

describe('a new flag, announced', () => {
  it('says its severity, category, child and room', () => {
    expect(
      flagAnnouncement(
        flag({ id: 'a', severity: 'CRITICAL', category: 'ABDUCTION_ATTEMPT', room: { name: 'Room 2' } }),
      ),
    ).toBe('Critical flag: Attempted abduction, Ruby B., Room 2.');
  });

  it('leaves the room out of a flag raised outside a session', () => {
    expect(flagAnnouncement(flag({ id: 'a' }))).toBe('High flag: Disclosure by the child, Ruby B.');
  });
});
