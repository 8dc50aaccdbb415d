import { describe, expect, it } from 'vitest';
import { flagsToAcknowledge, lateBy } from './desk-lists';

const NOW = new Date('2026-12-07T16:00:00Z');

describe('lateBy', () => {
  it('says how long past its due time a record is', () => {
    expect(lateBy('2026-12-05T12:00:00Z', NOW)).toBe('2 days 4 h late');
    expect(lateBy('2026-12-07T15:15:00Z', NOW)).toBe('45 min late');
  });
});

describe('flagsToAcknowledge', () => {
  const flag = (id: string, severity: string, raisedAt: string, extra: object = {}) => ({
    id,
    status: 'OPEN' as const,
    severity: severity as 'LOW',
    raisedAt,
    acknowledgements: [] as { userId: string }[],
    ...extra,
  });

  it('keeps only the flags nobody acknowledged, most serious first, then the longest waiting', () => {
    const list = flagsToAcknowledge([
      flag('low-old', 'LOW', '2026-12-06T09:00:00Z'),
      flag('high-new', 'HIGH', '2026-12-07T15:00:00Z'),
      flag('high-old', 'HIGH', '2026-12-07T10:00:00Z'),
      flag('critical', 'CRITICAL', '2026-12-07T15:50:00Z'),
      flag('seen', 'CRITICAL', '2026-12-07T09:00:00Z', {
        status: 'ACKNOWLEDGED',
        acknowledgements: [{ userId: 'u' }],
      }),
      flag('escalated', 'MEDIUM', '2026-12-07T08:00:00Z', { status: 'ESCALATED' }),
      flag('done', 'HIGH', '2026-12-01T08:00:00Z', { status: 'RESOLVED' }),
    ]);
    expect(list.map((f) => f.id)).toEqual(['critical', 'high-old', 'high-new', 'escalated', 'low-old']);
  });
});
