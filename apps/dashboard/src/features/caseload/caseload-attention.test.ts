import { describe, expect, it } from 'vitest';
import { attentionItems, caseloadTotals, reminderText, totalsSentence } from './caseload-attention';
import type { CaseloadEntry, ReviewReminder } from './caseload-operations';

const base: CaseloadEntry = {
  needsAttention: false,
  child: { id: 'c1', firstName: 'Maisie', lastName: 'Carter', dateOfBirth: '2018-03-14' },
  agreements: [],
  suspendedAgreements: [],
  unacknowledgedFlags: [],
  overdueReports: [],
  reviewsDue: [],
  reviewReminders: [],
  nextSession: null,
};
const now = new Date('2026-11-20T12:00:00Z');

function flag(id: string, severity: 'LOW' | 'HIGH' | 'CRITICAL', raisedAt: string, overdue = false) {
  return {
    id,
    category: 'DISCLOSURE' as const,
    severity,
    status: 'OPEN' as const,
    raisedAt,
    acknowledgeBy: '2026-11-20T13:00:00Z',
    acknowledgementOverdue: overdue,
  };
}

describe('attentionItems', () => {
  it('is empty when nothing needs the social worker', () => {
    expect(attentionItems(base, now)).toEqual([]);
  });

  it('puts a suspension first, then flags by severity, then overdue reports, then reviews', () => {
    const entry: CaseloadEntry = {
      ...base,
      needsAttention: true,
      reviewsDue: [{ id: 'a2', reviewDate: '2026-11-25', status: 'ACTIVE' }],
      overdueReports: [
        {
          observationId: 'o1',
          sessionId: 's1',
          sessionStartsAt: '2026-11-09T16:00:00Z',
          dueAt: '2026-11-16T23:59:00Z',
          status: 'SUBMITTED',
          author: { id: 'u', name: 'Tom Okafor' },
        },
      ],
      unacknowledgedFlags: [
        flag('low', 'LOW', '2026-11-19T10:00:00Z'),
        flag('crit', 'CRITICAL', '2026-11-20T11:50:00Z', true),
      ],
      suspendedAgreements: [
        {
          id: 'a1',
          suspensionNotice: { issuedAt: '2026-11-18T17:00:00Z', duration: 'Until a new agreement is signed' },
        },
      ],
    };
    const items = attentionItems(entry, now);
    expect(items.map((i) => i.key)).toEqual([
      'suspended-a1',
      'flag-crit',
      'flag-low',
      'report-s1',
      'review-a2',
    ]);
    expect(items[0]!.text).toContain('notice issued 18 Nov 2026');
    expect(items[1]!.text).toContain('Critical safeguarding flag: Disclosure by the child');
    expect(items[1]!.text).toContain('acknowledgement overdue');
    expect(items[3]!.text).toContain('by Tom Okafor (submitted for review)');
    expect(items[4]!.text).toBe('Agreement review due 25 Nov 2026.');
    // Every item carries an icon and words, not colour alone.
    for (const i of items) expect(i.icon && i.text).toBeTruthy();
  });

  it('tells a review due today from one already past, by the London date', () => {
    const review = (reviewDate: string) =>
      attentionItems({ ...base, reviewsDue: [{ id: 'a', reviewDate, status: 'ACTIVE' }] }, now)[0]!;
    expect(review('2026-11-20').text).toBe('Agreement review due today.');
    expect(review('2026-11-19')).toMatchObject({ tone: 'bad' });
    expect(review('2026-11-19').text).toContain('overdue');
    // 00:30 on 1 July in London is still 30 June in UTC: a review due 1 July is due today.
    const lateEvening = new Date('2026-06-30T23:30:00Z');
    const due = (reviewDate: string) =>
      attentionItems({ ...base, reviewsDue: [{ id: 'a', reviewDate, status: 'ACTIVE' }] }, lateEvening)[0]!;
    expect(due('2026-07-01').text).toBe('Agreement review due today.');
  });
});

describe('caseload totals', () => {
  it('counts children needing attention and what for, in one sentence', () => {
    const entries: CaseloadEntry[] = [
      { ...base, needsAttention: true, unacknowledgedFlags: [flag('f', 'HIGH', '2026-11-20T11:00:00Z')] },
      {
        ...base,
        child: { ...base.child, id: 'c2' },
        needsAttention: true,
        suspendedAgreements: [{ id: 'a', suspensionNotice: null }],
      },
      { ...base, child: { ...base.child, id: 'c3' } },
    ];
    const t = caseloadTotals(entries);
    expect(t).toMatchObject({ children: 3, needingAttention: 2, flags: 1, suspended: 1, reports: 0 });
    expect(totalsSentence(t)).toBe(
      '2 of 3 children need your attention: 1 suspended agreement, 1 unacknowledged flag.',
    );
    expect(totalsSentence(caseloadTotals([entries[2]!]))).toBe(
      '1 child on your caseload; nothing needs your attention now.',
    );
    expect(totalsSentence(caseloadTotals([]))).toBe('No children are on your caseload.');
  });
});

describe('a report nobody started (docs/domain.md rule 9)', () => {
  it('is listed as overdue and says it was never started', () => {
    const items = attentionItems(
      {
        ...base,
        needsAttention: true,
        overdueReports: [
          {
            observationId: null,
            sessionId: 's9',
            sessionStartsAt: '2026-11-09T16:00:00Z',
            dueAt: '2026-11-16T23:59:59Z',
            status: null,
            author: { id: 'u', name: 'Tom Okafor' },
          },
        ],
      },
      now,
    );
    expect(items.map((i) => i.key)).toEqual(['report-s9']);
    expect(items[0]!.text).toContain('by Tom Okafor (not started)');
  });
});

describe('review reminders', () => {
  const reminder = (daysUntil: number, reviewDate: string, firstNames = ['Jade']): ReviewReminder => ({
    reviewDate,
    daysUntil,
    overdue: daysUntil < 0,
    agreement: {
      id: 'a9',
      participants: firstNames.map((firstName, i) => ({ familyMemberId: `f${i}`, firstName })),
    },
  });

  it('says when the review is due and with whom the agreement is', () => {
    expect(reminderText(reminder(3, '2026-11-23'))).toBe(
      'The agreement with Jade is due for review in 3 days, on 23 Nov 2026.',
    );
    expect(reminderText(reminder(1, '2026-11-21', ['Jade', 'Ben']))).toBe(
      'The agreement with Jade and Ben is due for review in 1 day, on 21 Nov 2026.',
    );
    expect(reminderText(reminder(0, '2026-11-20'))).toBe('The agreement with Jade is due for review today.');
    expect(reminderText(reminder(-2, '2026-11-18'))).toBe(
      'The agreement with Jade was due for review on 18 Nov 2026, 2 days ago: record the review.',
    );
  });

  it('shows a reminded review once, as the reminder, and a later one as an attention item', () => {
    const entry: CaseloadEntry = {
      ...base,
      reviewsDue: [
        { id: 'a9', reviewDate: '2026-11-23', status: 'ACTIVE' },
        { id: 'a8', reviewDate: '2026-12-02', status: 'ACTIVE' },
      ],
      reviewReminders: [reminder(3, '2026-11-23')],
    };
    expect(attentionItems(entry, now).map((i) => i.key)).toEqual(['review-a8']);
  });
});
