import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import RecordField from './RecordField.vue';

function mountField(props: { error?: string | null; describedBy?: string | null; hint?: string }) {
  return mount(RecordField, {
    props: { label: 'Date of death', name: 'dateOfDeath', ...props },
    slots: { default: (control: Record<string, unknown>) => h('input', { type: 'date', ...control }) },
    attachTo: document.body,
  });
}

describe('a labelled field of a record’s form', () => {
  it('names its control by its label and by the name a refusal is focused by', () => {
    const w = mountField({ hint: '(if the child has died)' });
    const input = w.get('input');
    expect(input.attributes('name')).toBe('dateOfDeath');
    expect(w.get('label').attributes('for')).toBe(input.attributes('id'));
    expect(w.get('label').text()).toBe('Date of death (if the child has died)');
    w.unmount();
  });

  it('announces its problem through the control only while there is one', async () => {
    const w = mountField({ error: null });
    expect(w.get('input').attributes('aria-invalid')).toBeUndefined();
    expect(w.get('input').attributes('aria-describedby')).toBeUndefined();
    expect(w.find('.error').exists()).toBe(false);

    await w.setProps({ error: 'The date of death cannot be before the date of birth.' });
    const input = w.get('input');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(w.get(`#${input.attributes('aria-describedby')}`).text()).toBe(
      'The date of death cannot be before the date of birth.',
    );

    await w.setProps({ error: null });
    expect(w.get('input').attributes('aria-invalid')).toBeUndefined();
    expect(w.get('input').attributes('aria-describedby')).toBeUndefined();
    expect(w.text()).not.toContain('cannot be before');
    w.unmount();
  });

  it('is described by what the form says elsewhere about it, with its problem first', async () => {
    const w = mountField({ describedBy: 'retention-warning' });
    expect(w.get('input').attributes('aria-describedby')).toBe('retention-warning');
    await w.setProps({ error: 'Enter a date.' });
    const [errorId, ...rest] = w.get('input').attributes('aria-describedby')!.split(' ');
    expect(w.get(`#${errorId}`).text()).toBe('Enter a date.');
    expect(rest).toEqual(['retention-warning']);
    w.unmount();
  });
});
