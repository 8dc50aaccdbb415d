import { describe, expect, it } from 'vitest';
import { changeByline, changeLines, changeTitle, valueText } from './change-history';
import { deathWarning } from './retention-warning';

describe('the warning before a date of death is saved (docs/domain.md rule 12)', () => {
  it('says a child who died before 18 is kept 15 years after the death, not to 75', () => {
    const w = deathWarning('2015-06-12', '2020-01-31', null);
    expect(w).toContain('kept for 15 years after the death, until 31 Jan 2035');
    expect(w).toContain('instead of until their 75th birthday');
  });

  it('says a death at 18 or after keeps the 75th birthday', () => {
    expect(deathWarning('2005-06-12', '2023-06-12', null)).toContain(
      'still kept until their 75th birthday, 12 Jun 2080',
    );
  });

  it('says what removing a recorded date of death does', () => {
    expect(deathWarning('2015-06-12', '', '2020-01-31')).toBe(
      'Removing the date of death keeps the record until the child’s 75th birthday, 12 Jun 2090.',
    );
  });

  it('says nothing while the date is as saved or cannot be read yet', () => {
    expect(deathWarning('2015-06-12', '2020-01-31', '2020-01-31')).toBeNull();
    expect(deathWarning('2015-06-12', '', null)).toBeNull();
    expect(deathWarning('', '2020-01-31', null)).toBeNull();
    expect(deathWarning('2015-06-12', '2014-01-01', null)).toBeNull();
  });
});

describe('the record’s change history in words', () => {
  const base = {
    via: 'dashboard',
    at: '2026-12-07T14:02:00Z',
    changedBy: { name: 'Aisha Khan' },
  };

  it('says what changed, who changed it, how and when', () => {
    const c = {
      ...base,
      action: 'updated',
      recordType: 'child',
      fields: [
        { field: 'dateOfBirth', before: '"2018-03-14"', after: '"2018-03-15"' },
        { field: 'retainUntil', before: '"2093-03-14"', after: '"2093-03-15"' },
      ],
    };
    expect(changeTitle(c)).toBe('Details changed');
    expect(changeByline(c)).toBe('Aisha Khan, in the dashboard, Mon 7 Dec 2026, 14:02');
    expect(changeLines(c)).toEqual([
      { field: 'dateOfBirth', label: 'Date of birth', before: '14 Mar 2018', after: '15 Mar 2018' },
      { field: 'retainUntil', label: 'Record kept until', before: '14 Mar 2093', after: '15 Mar 2093' },
    ]);
  });

  it('reads timetables, yes or no, nothing, and people by name', () => {
    const sw = '5f1c1a52-4a43-4c55-8a7b-2f8c3b0f4e10';
    const c = {
      ...base,
      action: 'family_linked',
      recordType: 'child',
      fields: [
        { field: 'childId', before: null, after: '"c"' },
        { field: 'schoolPattern', before: '[]', after: '[{"weekday":1,"start":"08:45","end":"15:15"}]' },
        { field: 'parentalResponsibility', before: null, after: 'true' },
        { field: 'socialWorkerId', before: `"${sw}"`, after: '"7e0a0d6c-0b5e-4d0f-9a36-0b8f1f3f1c11"' },
      ],
    };
    expect(changeTitle(c)).toBe('Family member added');
    const lines = changeLines(c, (id) => (id === sw ? 'Aisha Khan' : null));
    expect(lines.map((l) => [l.label, l.before, l.after])).toEqual([
      ['School timetable', 'none', 'Monday 08:45–15:15'],
      ['Parental responsibility', 'none', 'yes'],
      ['Social worker', 'Aisha Khan', 'another record'],
    ]);
    expect(valueText('"2026-12-07T14:02:00.000Z"', () => null)).toBe('Mon 7 Dec 2026, 14:02');
  });

  it('names the family member or carer whose own record changed', () => {
    const own = { ...base, recordType: 'family_member', fields: [], subject: 'Jess Hart' };
    expect(changeTitle({ ...own, action: 'updated' })).toBe('Family member Jess Hart: details changed');
    expect(changeTitle({ ...own, action: 'created' })).toBe('Family member Jess Hart recorded');
    expect(changeTitle({ ...own, recordType: 'carer', subject: 'Linden', action: 'updated' })).toBe(
      'Carer Linden: details changed',
    );
  });
});
