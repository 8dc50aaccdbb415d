import { describe, expect, it } from 'vitest';
import { describeChanges } from './board-changes';

const room = (
  id: string,
  name: string,
  state: 'FREE' | 'OCCUPIED' | 'NEEDS_TIDYING',
  warnings = [] as W[],
) => ({
  room: { id, name },
  state,
  warnings,
});
interface W {
  kind: 'PARENT_NOT_ARRIVED' | 'SESSION_OVERRUNNING';
  message: string;
  minutes: number | null;
  sessionId: string | null;
}

describe('describeChanges', () => {
  it('says nothing for the first board', () => {
    expect(describeChanges(null, [room('1', 'Birch', 'FREE')])).toEqual([]);
  });

  it('names rooms that changed state', () => {
    const before = [room('1', 'Birch', 'FREE'), room('2', 'Oak', 'OCCUPIED')];
    const after = [room('1', 'Birch', 'OCCUPIED'), room('2', 'Oak', 'OCCUPIED')];
    expect(describeChanges(before, after)).toEqual(['Birch is now occupied.']);
  });

  it('announces new warnings once, not ones already shown', () => {
    const late: W = {
      kind: 'PARENT_NOT_ARRIVED',
      message: 'Leo H. is due in Oak at 16:05 and the family member has not arrived.',
      minutes: 0,
      sessionId: 's1',
    };
    const before = [room('2', 'Oak', 'FREE')];
    const after = [room('2', 'Oak', 'FREE', [late])];
    expect(describeChanges(before, after)).toEqual([`Family not arrived: ${late.message}`]);
    expect(describeChanges(after, after)).toEqual([]);
  });
});
