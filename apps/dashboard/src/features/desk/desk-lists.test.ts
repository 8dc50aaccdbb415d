import { describe, expect, it } from 'vitest';
import { flagsToAcknowledge, lateBy, toldAt } from './desk-lists';

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

describe('toldAt', () => {
  it('reads a UK day and time as the moment the family was told', () => {
    expect(toldAt('2026-12-07', '09:30', NOW)).toEqual({ at: new Date('2026-12-07T09:30:00Z') });
    expect(toldAt('2026-07-01', '09:30', NOW)).toEqual({ at: new Date('2026-07-01T08:30:00Z') });
  });

  it('refuses a moment in the future, and a missing day or time', () => {
    expect(toldAt('2026-12-07', '16:30', NOW)).toEqual({
      problem: 'The family cannot have been told in the future.',
    });
    expect(toldAt('', '09:30', NOW)).toEqual({ problem: 'Give the day and time the family was told.' });
    expect(toldAt('2026-12-07', '', NOW)).toEqual({ problem: 'Give the day and time the family was told.' });
  });
});
