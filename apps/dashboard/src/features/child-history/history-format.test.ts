import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import HistorySummary from './HistorySummary.vue';
import { ageOn, formatRate, rateBasis, sinceText, strikesText } from '../../shared/history-format';
import { calendarDate, londonDateTime, londonTime } from '../../shared/london-time';
import type { HistorySummary as Summary } from './history-operations';

describe('summary formatting', () => {
  it('shows the rate as a whole percentage, and says so when nothing counts yet', () => {
    expect(formatRate(0.8333)).toBe('83%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(null)).toBe('No sessions counted yet');
  });

  it('says what the rate is out of', () => {
    expect(rateBasis(5)).toMatch(/^Of 5 sessions that count/);
    expect(rateBasis(1)).toMatch(/^Of 1 session that counts?/);
    expect(rateBasis(0)).toMatch(/do not count/);
  });

  it('puts the three-strikes position in words, with what the next absence would do', () => {
    expect(strikesText(0, false)).toMatchObject({ text: 'None in a row', tone: 'good' });
    expect(strikesText(1, false).text).toContain('two more would suspend');
    expect(strikesText(2, false)).toMatchObject({ tone: 'bad' });
    expect(strikesText(2, false).text).toContain('one more suspends');
    expect(strikesText(3, true).text).toBe('Contact suspended after 3 unexplained absences in a row');
  });
});

describe('times in Europe/London', () => {
  it('shows UTC instants as London wall-clock time, in summer and winter', () => {
    expect(londonTime('2026-07-01T15:00:00Z')).toBe('16:00');
    expect(londonTime('2026-12-01T15:00:00Z')).toBe('15:00');
    expect(londonDateTime('2026-03-29T00:30:00Z')).toBe('Sun 29 Mar 2026, 00:30');
    expect(londonDateTime('2026-03-29T01:30:00Z')).toBe('Sun 29 Mar 2026, 02:30');
  });

  it('shows calendar dates as given, and ages by the London date', () => {
    expect(calendarDate('2026-01-05')).toBe('5 Jan 2026');
    // 23:30 UTC on 13 March is still 13 March in London (GMT): Maisie is not yet 8.
    expect(ageOn('2018-03-14', new Date('2026-03-13T23:30:00Z'))).toBe(7);
    expect(ageOn('2018-03-14', new Date('2026-03-14T00:30:00Z'))).toBe(8);
  });

  it('says how long ago', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    expect(sinceText('2026-11-20T11:59:40Z', now)).toBe('just now');
    expect(sinceText('2026-11-20T11:52:00Z', now)).toBe('8 minutes ago');
    expect(sinceText('2026-11-20T10:00:00Z', now)).toBe('2 hours ago');
    expect(sinceText('2026-11-14T12:00:00Z', now)).toBe('6 days ago');
  });
});

describe('HistorySummary', () => {
  const summary: Summary = {
    activeAgreementStatus: 'SUSPENDED',
    attendanceRate: 0.6,
    sessionsCounted: 5,
    consecutiveUnexplainedAbsences: 3,
    nextSession: null,
  };

  it('shows the figures with words, not colour alone', () => {
    const w = mount(HistorySummary, { props: { summary } });
    expect(w.find('[data-testid="attendance-rate"]').text()).toBe('60%');
    expect(w.find('[data-testid="strikes"]').text()).toContain('Contact suspended after 3');
    expect(w.find('[data-testid="next-session"]').text()).toBe('None booked');
    expect(w.text()).toContain('Suspended');
  });

  it('gives the next session in London time with its room and supervisor', () => {
    const w = mount(HistorySummary, {
      props: {
        summary: {
          ...summary,
          activeAgreementStatus: 'ACTIVE',
          consecutiveUnexplainedAbsences: 0,
          nextSession: {
            id: 's1',
            startsAt: '2026-07-02T15:00:00Z',
            endsAt: '2026-07-02T16:00:00Z',
            kind: 'CONTACT',
            room: { id: 'r', name: 'Willow' },
            supervisor: { id: 'u', name: 'Tom Okafor' },
          },
        },
      },
    });
    const text = w.find('[data-testid="next-session"]').text();
    expect(text).toContain('Thu 2 Jul 2026, 16:00–17:00');
    expect(text).toContain('room Willow');
    expect(text).toContain('Tom Okafor');
  });
});
