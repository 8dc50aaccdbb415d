import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { refusedField, useRecordForm } from './use-record-form';

const refusal = (code: string, message: string, field?: string) => ({
  graphQLErrors: [{ message, extensions: { code, ...(field ? { field } : {}) } }],
});

describe('a record’s form', () => {
  it('shows the API’s refusal next to the field it names, in its words, and focuses that field', async () => {
    const root = ref(document.createElement('form'));
    root.value.innerHTML = '<input name="firstName"><input name="dateOfBirth">';
    document.body.append(root.value);
    const form = useRecordForm({
      fields: ['firstName', 'dateOfBirth'],
      root,
      send: () =>
        Promise.reject(
          refusal('BAD_USER_INPUT', 'The date of birth cannot be in the future.', 'dateOfBirth'),
        ),
    });
    await form.submit();
    expect(form.errorFor('dateOfBirth')).toBe('The date of birth cannot be in the future.');
    expect(form.errorFor('firstName')).toBeNull();
    expect(form.formError.value).toBeNull();
    await Promise.resolve();
    expect(document.activeElement?.getAttribute('name')).toBe('dateOfBirth');
    root.value.remove();
  });

  it('shows a refusal naming a field the form lacks, or none, for the whole form', async () => {
    let answer = refusal('BAD_USER_INPUT', 'There is no such carer.', 'carerId');
    const form = useRecordForm({ fields: ['firstName'], send: () => Promise.reject(answer) });
    await form.submit();
    expect(form.formError.value).toBe('There is no such carer.');
    expect(form.errorFor('firstName')).toBeNull();
    answer = refusal('NOT_FOUND', 'No child with that id is visible to you.');
    await form.submit();
    expect(form.formError.value).toBe('That record is not there, or it is not yours to see.');
  });

  it('checks before sending, tying the problem to its field, and sends nothing', async () => {
    const send = vi.fn();
    const form = useRecordForm({
      fields: ['lastName'],
      check: () => ({ field: 'lastName', message: 'Enter the last name.' }),
      send,
    });
    await form.submit();
    expect(send).not.toHaveBeenCalled();
    expect(form.errorFor('lastName')).toBe('Enter the last name.');
  });

  it('reads the field of a refusal, and nothing from other errors', () => {
    expect(refusedField(refusal('BAD_USER_INPUT', 'x', 'schoolPattern'))).toBe('schoolPattern');
    expect(refusedField(refusal('BAD_USER_INPUT', 'x'))).toBeNull();
    expect(refusedField(new Error('network'))).toBeNull();
    expect(refusedField(null)).toBeNull();
  });
});
