import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import ParentsCopyDue from './ParentsCopyDue.vue';
import type { DueCopy } from './parents-copy-operations';
import { dueWords, withheldWords } from './parents-copy-due';

const api = vi.hoisted(() => ({ list: [] as unknown[], variables: null as unknown }));

vi.mock('@vue/apollo-composable', () => ({
  useQuery: (_doc: unknown, variables: () => unknown) => {
    api.variables = variables();
    return { result: ref({ parentsCopyDue: api.list }), loading: ref(false), error: ref(null) };
  },
}));

const copy = (over: Partial<DueCopy>): DueCopy => ({
  observationId: 'o',
  sessionId: 's',
  childInitials: 'M. C.',
  sessionDate: '2026-09-01',
  dueDate: '2026-12-01',
  overdue: false,
  withheldParts: 0,
  ...over,
});

describe('ParentsCopyDue', () => {
  it('lists the overdue copies first, with the due date, child’s initials, session date and what is withheld', () => {
    api.list = [
      copy({
        observationId: 'later',
        dueDate: '2027-02-28',
        sessionDate: '2026-11-30',
        childInitials: 'E. W.',
      }),
      copy({
        observationId: 'late',
        dueDate: '2026-11-30',
        sessionDate: '2026-08-31',
        overdue: true,
        withheldParts: 2,
      }),
    ];
    const w = mount(ParentsCopyDue, { props: { centreId: 'c1' } });
    expect(api.variables).toEqual({ centreId: 'c1' });
    const items = w.findAll('li');
    expect(items.map((i) => i.attributes('data-testid'))).toEqual([
      'parents-copy-due-late',
      'parents-copy-due-later',
    ]);
    expect(items[0]!.text()).toContain('M. C.');
    expect(items[0]!.text()).toContain('session of Monday 31 August 2026');
    expect(items[0]!.text()).toContain('2 parts withheld');
    expect(items[0]!.text()).toContain('Overdue: due by Monday 30 November 2026');
    expect(items[1]!.text()).toContain('Due by Sunday 28 February 2027');
    expect(items[1]!.text()).toContain('Nothing withheld');
    expect(w.get('[data-testid="parents-copy-due-count"]').text()).toBe('2');
    expect(w.text()).toContain('1 overdue.');
  });

  it('says so calmly when nothing is due', () => {
    api.list = [];
    const w = mount(ParentsCopyDue, { props: { centreId: 'c1' } });
    expect(w.findAll('li')).toHaveLength(0);
    expect(w.text()).toContain('every final record’s copy has been shared');
  });
});

describe('the words of the parents’ copy', () => {
  it('counts what is withheld', () => {
    expect(withheldWords(0)).toBe('Nothing withheld');
    expect(withheldWords(1)).toBe('1 part withheld');
    expect(withheldWords(3)).toBe('3 parts withheld');
  });

  it('says when a copy is due, and whether it is late', () => {
    expect(dueWords({ dueDate: '2026-11-30', overdue: true })).toBe(
      'Overdue: due by Monday 30 November 2026',
    );
    expect(dueWords({ dueDate: '2027-02-28', overdue: false })).toBe('Due by Sunday 28 February 2027');
  });
});
