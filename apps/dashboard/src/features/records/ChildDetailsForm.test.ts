import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import ChildDetailsForm from './ChildDetailsForm.vue';
import type { ChildFields, ChildRecord } from './records-operations';

const CHILD = {
  __typename: 'ChildDetails',
  id: 'c1',
  firstName: 'Robin',
  lastName: 'Fairweather',
  dateOfBirth: '2017-04-09',
  dateOfDeath: null,
  retainUntil: '2092-04-09',
  schoolPattern: [{ __typename: 'WeeklySlot', weekday: 1, start: '08:45', end: '15:15' }],
  carer: null,
  family: [],
  openCase: null,
  changes: [],
} as unknown as ChildRecord;

function mountForm(save: (f: ChildFields) => Promise<string>) {
  return mount(ChildDetailsForm, { props: { child: CHILD, save }, attachTo: document.body });
}

describe('the child’s details form', () => {
  it('sends the names and date of birth, and the rest only when changed, so a save changes only what was edited', async () => {
    const save = vi.fn(async () => 'Robin’s details are saved.');
    const w = mountForm(save);
    await w.get('input[name="dateOfBirth"]').setValue('2017-04-19');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(save).toHaveBeenLastCalledWith({
      firstName: 'Robin',
      lastName: 'Fairweather',
      dateOfBirth: '2017-04-19',
    });
    expect(w.text()).toContain('Robin’s details are saved.');

    await w.get('input[aria-label="Until, school day 1"]').setValue('15:30');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(save).toHaveBeenLastCalledWith(
      expect.objectContaining({ schoolPattern: [{ weekday: 1, start: '08:45', end: '15:30' }] }),
    );
    w.unmount();
  });

  it('says what a date of death changes before it is saved, and sends it', async () => {
    const save = vi.fn(async () => 'saved');
    const w = mountForm(save);
    expect(w.find('[data-testid="death-warning"]').exists()).toBe(false);
    await w.get('input[name="dateOfDeath"]').setValue('2020-01-31');
    const warning = w.get('[data-testid="death-warning"]');
    expect(warning.text()).toContain('kept for 15 years after the death, until 31 Jan 2035');
    expect(w.get('input[name="dateOfDeath"]').attributes('aria-describedby')).toContain(
      warning.attributes('id'),
    );
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ dateOfDeath: '2020-01-31' }));
    w.unmount();
  });

  it('shows the API’s refusal beside its field and keeps everything typed', async () => {
    const save = vi.fn(() =>
      Promise.reject({
        graphQLErrors: [
          {
            message: 'The date of birth cannot be in the future.',
            extensions: { code: 'BAD_USER_INPUT', field: 'dateOfBirth' },
          },
        ],
      }),
    );
    const w = mountForm(save);
    await w.get('input[name="firstName"]').setValue('Robyn');
    await w.get('input[name="dateOfBirth"]').setValue('2099-01-01');
    await w.get('form').trigger('submit');
    await flushPromises();
    const dob = w.get('input[name="dateOfBirth"]');
    expect(dob.attributes('aria-invalid')).toBe('true');
    expect(w.get(`#${dob.attributes('aria-describedby')}`).text()).toBe(
      'The date of birth cannot be in the future.',
    );
    expect(document.activeElement).toBe(dob.element);
    expect((w.get('input[name="firstName"]').element as HTMLInputElement).value).toBe('Robyn');
    expect((dob.element as HTMLInputElement).value).toBe('2099-01-01');
    w.unmount();
  });

  it('sends nothing while a school time is missing, and says so at the timetable', async () => {
    const save = vi.fn(async () => 'saved');
    const w = mountForm(save);
    await w.get('input[aria-label="From, school day 1"]').setValue('');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(save).not.toHaveBeenCalled();
    expect(w.get('[data-testid="school-pattern"] [role="alert"]').text()).toContain(
      'Correct the school timetable',
    );
    w.unmount();
  });
});
