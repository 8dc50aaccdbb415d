import { describe, expect, it } from 'vitest';
import { fieldChanges } from './change-log.js';

describe('the fields a change changed', () => {
  it('are those whose values differ, each as before and after', () => {
    expect(fieldChanges({ name: 'Heron', capacity: 4 }, { name: 'Kingfisher', capacity: 4 })).toEqual({
      name: ['Heron', 'Kingfisher'],
    });
    expect(fieldChanges({}, { name: 'Heron', note: undefined })).toEqual({ name: [null, 'Heron'] });
  });

  it('do not include a timetable stored with its keys in another order (nothing changed, nothing logged)', () => {
    const asTyped = [{ weekday: 1, start: '08:45', end: '15:15' }];
    const asStored = [{ end: '15:15', start: '08:45', weekday: 1 }];
    expect(fieldChanges({ schoolPattern: asStored }, { schoolPattern: asTyped })).toEqual({});
    expect(
      fieldChanges({ schoolPattern: asStored }, { schoolPattern: [{ ...asTyped[0], end: '15:30' }] }),
    ).toEqual({ schoolPattern: [asStored, [{ weekday: 1, start: '08:45', end: '15:30' }]] });
  });

  it('count a reordered list as a change: order in a list is meaning', () => {
    expect(fieldChanges({ facilities: ['toys', 'books'] }, { facilities: ['books', 'toys'] })).toEqual({
      facilities: [
        ['toys', 'books'],
        ['books', 'toys'],
      ],
    });
  });
});
