import { describe, expect, it } from 'vitest';
import { overdueText, type OverdueLike } from './overdue-list';

const record: OverdueLike = {
  sessionId: 's1',
  status: null,
  dueAt: '2026-11-16T23:59:59.999Z',
  sessionStartsAt: '2026-11-09T16:00:00Z',
  author: { name: 'Tom Okafor' },
  session: { child: { firstName: 'Maisie', lastInitial: 'C' }, room: { name: 'Birch' } },
};

describe('the manager’s overdue records (docs/domain.md rule 9)', () => {
  it('lists a record nobody started as not started, with who owes it and when it was due', () => {
    expect(overdueText(record)).toBe(
      'Maisie C. · session of Mon 9 Nov, 16:00 in Birch · Tom Okafor · not started · was due Mon 16 Nov, 23:59',
    );
  });

  it('says where a started record stands', () => {
    expect(overdueText({ ...record, status: 'SUBMITTED' })).toContain('· submitted, awaiting review ·');
  });
});
