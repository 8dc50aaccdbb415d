import { describe, expect, it } from 'vitest';
import type { BankHolidayNation } from '../time/bank-holidays.js';
import {
  isOverdue,
  isReportOverdue,
  reportDueDate,
  reportDueFor,
  reportRequired,
  type SessionOwingReport,
} from './report-due.js';

const due = (sessionEnd: string, nation: BankHolidayNation = 'england_and_wales'): string =>
  reportDueDate(new Date(sessionEnd), nation).toISOString();

describe('reportDueDate (rule 9: 5 working days)', () => {
  it('is the end of the fifth working day after a Monday session, in GMT', () => {
    // Monday 23 November 2026 → Monday 30 November, 23:59:59.999 GMT.
    expect(due('2026-11-23T17:00:00Z')).toBe('2026-11-30T23:59:59.999Z');
  });

  it('is the end of the London day in BST, an hour earlier in UTC', () => {
    // Wednesday 1 July 2026 → Wednesday 8 July, 23:59:59.999 BST.
    expect(due('2026-07-01T15:00:00Z')).toBe('2026-07-08T22:59:59.999Z');
  });

  it('skips the weekend after a Friday or weekend session', () => {
    expect(due('2026-11-27T18:00:00Z')).toBe('2026-12-04T23:59:59.999Z');
    // Saturday 28 November → Friday 4 December (the Saturday itself does not count).
    expect(due('2026-11-28T11:00:00Z')).toBe('2026-12-04T23:59:59.999Z');
    expect(due('2026-11-29T11:00:00Z')).toBe('2026-12-04T23:59:59.999Z');
  });

  it('skips Good Friday and Easter Monday', () => {
    // Maundy Thursday 2 April 2026 → Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April.
    expect(due('2026-04-02T16:00:00Z')).toBe('2026-04-13T22:59:59.999Z');
  });

  it('counts Easter Monday as a working day in Scotland, and St Andrew’s Day and 2 January as holidays', () => {
    expect(due('2026-04-02T16:00:00Z', 'scotland')).toBe('2026-04-10T22:59:59.999Z');
    // Monday 23 November 2026: 24, 25, 26, 27 November and 1 December (30 November is St Andrew's Day).
    expect(due('2026-11-23T17:00:00Z', 'scotland')).toBe('2026-12-01T23:59:59.999Z');
    // Wednesday 23 December 2026: 24, 29, 30, 31 December, 4 January, 5 January (1 and 2 January).
    expect(due('2026-12-23T15:00:00Z', 'scotland')).toBe('2027-01-05T23:59:59.999Z');
  });

  it('skips St Patrick’s Day and the Battle of the Boyne in Northern Ireland', () => {
    // Friday 10 July 2026: 14, 15, 16, 17 and 20 July (Monday 13 July is the substitute for Sunday 12 July).
    expect(due('2026-07-10T15:00:00Z', 'northern_ireland')).toBe('2026-07-20T22:59:59.999Z');
    expect(due('2026-07-10T15:00:00Z')).toBe('2026-07-17T22:59:59.999Z');
    // Monday 16 March 2026: 18, 19, 20, 23, 24 March (17 March is St Patrick's Day).
    expect(due('2026-03-16T15:00:00Z', 'northern_ireland')).toBe('2026-03-24T23:59:59.999Z');
  });

  it('skips Christmas, Boxing Day substitute and New Year', () => {
    // Wednesday 23 December 2026: 24, 29, 30, 31 December, 4 January (25, 28 Dec and 1 Jan are holidays).
    expect(due('2026-12-23T15:00:00Z')).toBe('2027-01-04T23:59:59.999Z');
  });

  it('skips the 2022 jubilee and state funeral and the 2023 coronation', () => {
    // Tuesday 31 May 2022: 1, 6, 7, 8, 9 June (2 and 3 June were holidays).
    expect(due('2022-05-31T15:00:00Z')).toBe('2022-06-09T22:59:59.999Z');
    // Thursday 15 September 2022: 16, 20, 21, 22, 23 September (19 September was a holiday).
    expect(due('2022-09-15T15:00:00Z')).toBe('2022-09-23T22:59:59.999Z');
    // Thursday 4 May 2023: 5, 9, 10, 11, 12 May (8 May was a holiday).
    expect(due('2023-05-04T15:00:00Z')).toBe('2023-05-12T22:59:59.999Z');
  });

  it('uses the London date of a session ending just after midnight BST', () => {
    // 23:30 UTC on Friday 3 July 2026 is 00:30 on Saturday 4 July in London.
    expect(due('2026-07-03T23:30:00Z')).toBe('2026-07-10T22:59:59.999Z');
  });

  it('handles a due day right after the clocks go back', () => {
    // Monday 19 October 2026 (BST) → Monday 26 October (GMT).
    expect(due('2026-10-19T15:00:00Z')).toBe('2026-10-26T23:59:59.999Z');
  });
});

describe('isOverdue', () => {
  const dueAt = new Date('2026-11-30T23:59:59.999Z');
  it('is overdue only after the due instant', () => {
    expect(isOverdue(dueAt, new Date('2026-11-30T23:59:59.999Z'))).toBe(false);
    expect(isOverdue(dueAt, new Date('2026-12-01T00:00:00.000Z'))).toBe(true);
    expect(isOverdue(dueAt, new Date('2026-11-30T12:00:00Z'))).toBe(false);
  });
});

describe('isReportOverdue (rule 9: the clock runs from the session’s end, whether or not a draft was opened)', () => {
  // Monday 23 November 2026, 16:00–17:00 GMT: due at the end of Monday 30 November.
  const held: SessionOwingReport = {
    supervised: true,
    kind: 'contact',
    status: 'ended',
    startedAt: new Date('2026-11-23T16:00:00Z'),
    endedAt: new Date('2026-11-23T17:05:00Z'),
    endsAt: new Date('2026-11-23T17:00:00Z'),
  };
  const after = new Date('2026-12-01T09:00:00Z');
  const before = new Date('2026-11-30T20:00:00Z');

  it('makes a supervised session with no record at all overdue once its due time has passed', () => {
    expect(reportDueFor(held, 'england_and_wales').toISOString()).toBe('2026-11-30T23:59:59.999Z');
    expect(isReportOverdue(held, null, after, 'england_and_wales')).toBe(true);
    expect(isReportOverdue(held, null, before, 'england_and_wales')).toBe(false);
  });

  it('counts the working days of the centre’s nation: a day later in Scotland, for St Andrew’s Day', () => {
    expect(reportDueFor(held, 'scotland').toISOString()).toBe('2026-12-01T23:59:59.999Z');
    expect(isReportOverdue(held, null, after, 'scotland')).toBe(false);
  });

  it('counts a draft, submitted or approved record as overdue too, and a final one never', () => {
    for (const status of ['draft', 'submitted', 'approved'] as const) {
      expect(isReportOverdue(held, status, after, 'england_and_wales')).toBe(true);
    }
    expect(isReportOverdue(held, 'final', after, 'england_and_wales')).toBe(false);
  });

  it('runs from the booked end when nobody recorded the end', () => {
    expect(reportDueFor({ endedAt: null, endsAt: held.endsAt }, 'england_and_wales').toISOString()).toBe(
      '2026-11-30T23:59:59.999Z',
    );
    expect(
      isReportOverdue({ ...held, status: 'in_progress', endedAt: null }, null, after, 'england_and_wales'),
    ).toBe(true);
  });

  it('asks nothing of supported contact, visits, meetings, or contact that never took place', () => {
    expect(reportRequired(held)).toBe(true);
    const none: SessionOwingReport[] = [
      { ...held, supervised: false },
      { ...held, kind: 'pre_contact_visit' },
      { ...held, kind: 'planning_meeting' },
      { ...held, status: 'not_attended', startedAt: null },
      { ...held, status: 'cancelled', startedAt: null },
      { ...held, status: 'scheduled', startedAt: null },
    ];
    for (const s of none) {
      expect(reportRequired(s)).toBe(false);
      expect(isReportOverdue(s, null, after, 'england_and_wales')).toBe(false);
    }
  });
});
