import { describe, expect, it } from 'vitest';
import { cancellationLine, familyToldText } from './cancel-reasons';

// 09:00 and 09:10 in London on a winter day (GMT).
const cancelledAt = '2026-12-07T09:00:00Z';
const toldAt = '2026-12-07T09:10:00Z';

describe('a cancellation in one line', () => {
  it('says who cancelled, when, why, and how and when the family was told', () => {
    expect(
      cancellationLine({
        cancellation: { cancelledAt, reason: 'CHILD_ILL', note: null, familyInformedAt: toldAt },
        familyInformedVia: 'PHONE',
        cancelledBy: { name: 'Priya Shah' },
      }),
    ).toBe(
      'Cancelled by Priya Shah at Mon 7 Dec, 09:00 · The child is ill · family told by phone at Mon 7 Dec, 09:10',
    );
  });

  it('says plainly when the family has not been told, and keeps the canceller’s details', () => {
    expect(
      cancellationLine({
        cancellation: { cancelledAt, reason: 'OTHER', note: 'No cover', familyInformedAt: null },
        familyInformedVia: null,
        cancelledBy: { name: 'Priya Shah' },
      }),
    ).toBe('Cancelled by Priya Shah at Mon 7 Dec, 09:00 · Another reason (“No cover”) · family not yet told');
  });

  it('is nothing for a session that is not cancelled', () => {
    expect(cancellationLine({ cancellation: null, familyInformedVia: null, cancelledBy: null })).toBeNull();
  });
});

describe('how the family was told', () => {
  it('names the way when it was recorded, and only the time when it was not', () => {
    expect(familyToldText(toldAt, 'KINROOM_MESSAGE')).toBe(
      'family told by Kinroom’s message at Mon 7 Dec, 09:10',
    );
    expect(familyToldText(toldAt, null)).toBe('family told at Mon 7 Dec, 09:10');
  });
});
