import { describe, expect, it } from 'vitest';
import { parseImportDate, parseImportFiles } from './import-files.js';
import { parseWeeklyHours } from './weekly-hours.js';

describe('school hours and work patterns as case systems write them', () => {
  it('reads a range of days, lists, several slots and whole day names', () => {
    expect(parseWeeklyHours('Mon-Fri 08:45-15:15')).toEqual({
      ok: true,
      pattern: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:45', end: '15:15' })),
    });
    expect(parseWeeklyHours('monday 9:00 - 15:00; Tue,Thu 09:00-12:30')).toEqual({
      ok: true,
      pattern: [
        { weekday: 1, start: '09:00', end: '15:00' },
        { weekday: 2, start: '09:00', end: '12:30' },
        { weekday: 4, start: '09:00', end: '12:30' },
      ],
    });
    // A range runs through the weekend; a night shift ends the next morning.
    expect(parseWeeklyHours('Sat-Mon 22:00-06:00')).toMatchObject({
      ok: true,
      pattern: [{ weekday: 6 }, { weekday: 0 }, { weekday: 1 }],
    });
    expect(parseWeeklyHours('')).toEqual({ ok: true, pattern: [] });
  });

  it('says which part is wrong', () => {
    expect(parseWeeklyHours('Mon-Fry 08:45-15:15')).toEqual({
      ok: false,
      message: expect.stringMatching(/^"Fry" is not a day \(use Mon, Tue/),
    });
    expect(parseWeeklyHours('Mon 8.45am-3pm')).toMatchObject({ ok: false });
    expect(parseWeeklyHours('Mon 08:45-25:00')).toEqual({
      ok: false,
      message: '"08:45-25:00" is not a time range: times are HH:MM, e.g. 08:45-15:15',
    });
    expect(parseWeeklyHours('school days')).toMatchObject({
      ok: false,
      message: expect.stringContaining('is not days and times'),
    });
  });
});

describe('dates', () => {
  it('reads ISO dates and UK dates, and only real days', () => {
    expect(parseImportDate('2016-03-31')).toBe('2016-03-31');
    expect(parseImportDate('31/03/2016')).toBe('2016-03-31');
    expect(parseImportDate('1/4/2016')).toBe('2016-04-01');
    expect(parseImportDate('29/02/2023')).toBeNull();
    expect(parseImportDate('03/31/2016')).toBeNull();
    expect(parseImportDate('2016-3-31')).toBeNull();
  });
});

describe('reading the files', () => {
  const header = 'child_id,first_name,last_name,date_of_birth,date_of_death,carer_id,school_hours';

  it('reads every row, numbered as a spreadsheet shows it, with every error of a row', () => {
    const { files, errors } = parseImportFiles([
      {
        name: 'exports/Children.CSV',
        content: `\uFEFF${header}\r\nK1, Ava ,Lee,2016-03-31,,,\r\nK2,,Lee,31/13/2016,,,Mon 9-3\r\n\r\nK3,Cy,Lee,2016-01-01,,\r\n`,
      },
    ]);
    expect(errors).toEqual([]);
    const rows = files.children!.rows;
    expect(rows[0]).toMatchObject({ row: 2, externalId: 'K1', values: { firstName: 'Ava' }, errors: [] });
    expect(rows[1]).toMatchObject({ row: 3, externalId: 'K2', values: null });
    expect(rows[1]!.errors.map((e) => e.column)).toEqual(['first_name', 'date_of_birth', 'school_hours']);
    expect(rows[2]).toMatchObject({ errors: [{ column: null, message: 'has 6 cells; the header has 7' }] });
  });

  it('refuses a record listed twice, and a family member whose details differ between their rows', () => {
    const { files } = parseImportFiles([
      { name: 'children.csv', content: `${header}\nK1,A,B,2016-01-01,,,\nK1,A,B,2016-01-01,,,\n` },
      {
        name: 'family-members.csv',
        content:
          'family_member_id,child_id,first_name,last_name,relationship,parental_responsibility,phone,email,address,work_pattern\n' +
          'F1,K1,Mia,Lee,mother,yes,,,,\nF1,K2,Mia,Leigh,mother,YES,,,,\nF2,K1,Ned,Lee,father,maybe,,,,\n',
      },
    ]);
    expect(files.children!.rows[1]!.errors).toEqual([
      { column: 'child_id', message: 'K1 is listed already on row 2' },
    ]);
    const family = files.familyMembers!.rows;
    expect(family[1]!.errors[0]!.message).toMatch(/^family member F1 has other details on row 2/);
    expect(family[2]!.errors).toEqual([
      { column: 'parental_responsibility', message: '"maybe" is not yes or no' },
    ]);
  });

  it('refuses whole files it cannot read: unknown names, a file twice, a wrong header, broken CSV', () => {
    const { errors } = parseImportFiles([
      { name: 'kids.csv', content: header },
      { name: 'cases.csv', content: 'case_id,child_id,social_worker_email,notes\n' },
      { name: 'carers.csv', content: 'carer_id,name,address,phone\n"C1,Jo\n' },
      { name: 'CASES.csv', content: 'case_id,child_id,social_worker_email\n' },
    ]);
    expect(errors.map((e) => [e.file, e.message.split(':')[0]])).toEqual([
      ['kids.csv', 'is not one of the import’s files'],
      ['cases.csv', 'unknown column "notes". Its header must name exactly'],
      ['carers.csv', 'cannot be read as CSV'],
      ['cases.csv', 'is given twice'],
    ]);
  });
});
