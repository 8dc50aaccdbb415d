import { describe, expect, it } from 'vitest';
import { describeChange } from './admin-labels';

describe('describeChange', () => {
  it('says a field’s change in words, from the JSON the change log keeps', () => {
    expect(describeChange({ field: 'name', before: '"Cedar"', after: '"Cedar Garden"' })).toBe(
      'name: Cedar → Cedar Garden',
    );
    expect(describeChange({ field: 'active', before: 'true', after: 'false' })).toBe('active: true → false');
    expect(describeChange({ field: 'facilities', before: null, after: '["toys","baby change"]' })).toBe(
      'facilities: — → toys, baby change',
    );
  });

  it('shortens a long value, such as a week of opening hours, and names an unknown field as it is', () => {
    const week = JSON.stringify({
      0: null,
      1: { open: '09:00', close: '20:00' },
      2: { open: '09:00', close: '20:00' },
    });
    const text = describeChange({ field: 'openingHours', before: null, after: week });
    expect(text.startsWith('opening hours: — → {')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(describeChange({ field: 'externalId', before: null, after: '"C-1"' })).toBe('externalId: — → C-1');
  });
});
