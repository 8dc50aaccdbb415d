import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import WeeklyPatternEditor from './WeeklyPatternEditor.vue';
import {
  newRow,
  patternFromRows,
  patternProblems,
  patternText,
  rowProblems,
  rowsFromPattern,
  runsOvernight,
  slotText,
} from './weekly-pattern-editor';

const SCHOOL = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:45', end: '15:15' }));

describe('the weekly pattern editor’s rows', () => {
  it('keep a saved pattern exactly, in its order, and give it back as typed', () => {
    const rows = rowsFromPattern(SCHOOL);
    expect(new Set(rows.map((r) => r.key)).size).toBe(5);
    expect(patternFromRows(rows)).toEqual(SCHOOL);
    // Nothing typed is dropped or corrected, even what the domain refuses: the person fixes it, not the screen.
    const typed = [{ weekday: 3, start: '', end: '25:00' }];
    expect(patternFromRows(rowsFromPattern(typed))).toEqual(typed);
  });

  it('add the next day at the same times, Monday first and Sunday after Saturday', () => {
    expect(newRow([])).toMatchObject({ weekday: 1, start: '09:00', end: '15:00' });
    const rows = rowsFromPattern([{ weekday: 1, start: '08:45', end: '15:15' }]);
    expect(newRow(rows)).toMatchObject({ weekday: 2, start: '08:45', end: '15:15' });
    expect(newRow(rowsFromPattern([{ weekday: 6, start: '22:00', end: '06:00' }]))).toMatchObject({
      weekday: 0,
    });
    expect(newRow(rowsFromPattern([{ weekday: 0, start: '10:00', end: '12:00' }]))).toMatchObject({
      weekday: 1,
    });
  });
});

describe('what is wrong with a row, in the domain’s words', () => {
  it('is nothing for a usable row, an overnight shift or one ending at midnight', () => {
    expect(rowProblems({ weekday: 1, start: '08:45', end: '15:15' })).toEqual([]);
    expect(rowProblems({ weekday: 5, start: '22:00', end: '06:00' })).toEqual([]);
    expect(rowProblems({ weekday: 5, start: '18:00', end: '24:00' })).toEqual([]);
  });

  it('names an empty or impossible time and a start at 24:00, without the slot number', () => {
    expect(rowProblems({ weekday: 1, start: '', end: '15:15' })).toEqual(['Start must be an HH:MM time']);
    expect(rowProblems({ weekday: 1, start: '09:00', end: '9.30' })).toEqual(['End must be an HH:MM time']);
    expect(rowProblems({ weekday: 1, start: '24:00', end: '06:00' })).toEqual(['Start cannot be 24:00']);
    expect(rowProblems({ weekday: 7, start: '09:00', end: '10:00' })).toEqual([
      'Weekday must be 0 (Sunday) to 6 (Saturday)',
    ]);
  });

  it('agrees with the domain’s check of the whole pattern, slot by slot', () => {
    const pattern = [
      { weekday: 1, start: '09:00', end: '15:00' },
      { weekday: 2, start: '', end: '15:00' },
    ];
    expect(patternProblems(pattern)).toEqual(['Slot 2: start must be an HH:MM time']);
    expect(patternProblems(SCHOOL)).toEqual([]);
  });
});

describe('a pattern in words', () => {
  it('says which day an overnight slot runs into', () => {
    expect(runsOvernight({ weekday: 5, start: '22:00', end: '06:00' })).toBe(true);
    expect(runsOvernight({ weekday: 5, start: '18:00', end: '24:00' })).toBe(false);
    expect(runsOvernight({ weekday: 5, start: '', end: '06:00' })).toBe(false);
    expect(slotText({ weekday: 6, start: '22:00', end: '06:00' })).toBe('Saturday 22:00–06:00 (into Sunday)');
    expect(slotText({ weekday: 1, start: '08:45', end: '15:15' })).toBe('Monday 08:45–15:15');
  });

  it('lists the week Monday first, by start time', () => {
    expect(
      patternText([
        { weekday: 0, start: '10:00', end: '12:00' },
        { weekday: 1, start: '13:00', end: '15:00' },
        { weekday: 1, start: '08:00', end: '12:00' },
      ]),
    ).toBe('Monday 08:00–12:00, Monday 13:00–15:00, Sunday 10:00–12:00');
    expect(patternText([], 'No school hours')).toBe('No school hours');
  });
});

describe('WeeklyPatternEditor', () => {
  const mountEditor = (modelValue = SCHOOL.slice(0, 1)) =>
    mount(WeeklyPatternEditor, {
      props: { modelValue, legend: 'School timetable', rowNoun: 'school day' },
      attachTo: document.body,
    });

  it('adds a row for the next day, reports the pattern, and focuses the new row’s day', async () => {
    const w = mountEditor();
    await w.get('button.add').trigger('click');
    const emitted = w.emitted('update:modelValue')!;
    expect(emitted.at(-1)![0]).toEqual([
      { weekday: 1, start: '08:45', end: '15:15' },
      { weekday: 2, start: '08:45', end: '15:15' },
    ]);
    expect(w.findAll('[data-testid="pattern-row"]')).toHaveLength(2);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Day, school day 2');
    expect(w.get('button.add').text()).toBe('Add a school day');
    w.unmount();
  });

  it('shows a row’s problem beside it, marks its fields, and keeps what was typed', async () => {
    const w = mountEditor();
    const start = w.get('input[aria-label="From, school day 1"]');
    await start.setValue('');
    expect(w.emitted('update:modelValue')!.at(-1)![0]).toEqual([{ weekday: 1, start: '', end: '15:15' }]);
    const problem = w.get('.problems');
    expect(problem.text()).toBe('Start must be an HH:MM time');
    expect(start.attributes('aria-invalid')).toBe('true');
    expect(start.attributes('aria-describedby')).toContain(problem.attributes('id'));
    w.unmount();
  });

  it('removes a row by its words and keeps focus in the list', async () => {
    const w = mountEditor(SCHOOL.slice(0, 2));
    await w.get('button[aria-label="Remove Monday 08:45–15:15"]').trigger('click');
    expect(w.emitted('update:modelValue')!.at(-1)![0]).toEqual([
      { weekday: 2, start: '08:45', end: '15:15' },
    ]);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove Tuesday 08:45–15:15');
    await w.get('button.remove').trigger('click');
    expect(w.text()).toContain('None entered.');
    expect(document.activeElement?.classList.contains('add')).toBe(true);
    w.unmount();
  });

  it('takes a new pattern from outside, and shows the API’s refusal under the rows', async () => {
    const w = mountEditor();
    await w.setProps({ modelValue: SCHOOL, error: 'The school timetable could not be saved.' });
    expect(w.findAll('[data-testid="pattern-row"]')).toHaveLength(5);
    expect(w.get('[role="alert"]').text()).toBe('The school timetable could not be saved.');
    w.unmount();
  });
});
