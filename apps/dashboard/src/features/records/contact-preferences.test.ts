import { describe, expect, it } from 'vitest';
import { preferenceProblem, preferencesInput, preferencesOf, preferencesText } from './contact-preferences';

describe('a person’s contact preferences in the record’s forms', () => {
  it('starts from the record, or from no preference for a new person', () => {
    expect(preferencesOf(null)).toEqual({ contactBy: null, doNotContact: false, doNotContactReason: '' });
    expect(
      preferencesOf({ contactBy: 'LETTER', doNotContact: true, doNotContactReason: 'Court order' }),
    ).toEqual({
      contactBy: 'LETTER',
      doNotContact: true,
      doNotContactReason: 'Court order',
    });
  });

  it('asks for a reason before “do not contact” is sent, next to the reason’s field', () => {
    expect(preferenceProblem({ contactBy: null, doNotContact: true, doNotContactReason: '  ' })).toEqual({
      field: 'doNotContactReason',
      message: 'Say why they must not be contacted.',
    });
    expect(preferenceProblem({ contactBy: null, doNotContact: false, doNotContactReason: '' })).toBeNull();
  });

  it('sends no reason once “do not contact” is lifted, and the reason trimmed while it holds', () => {
    expect(preferencesInput({ contactBy: 'EMAIL', doNotContact: false, doNotContactReason: 'old' })).toEqual({
      contactBy: 'EMAIL',
      doNotContact: false,
      doNotContactReason: null,
    });
    expect(
      preferencesInput({ contactBy: null, doNotContact: true, doNotContactReason: ' Court order ' }),
    ).toMatchObject({ doNotContactReason: 'Court order' });
  });

  it('says the preference in words on the record', () => {
    expect(preferencesText({ contactBy: null, doNotContact: false })).toBe('No preference: Kinroom chooses');
    expect(preferencesText({ contactBy: 'TEXT_MESSAGE', doNotContact: false })).toBe('By text message');
    expect(
      preferencesText({ contactBy: 'EMAIL', doNotContact: true, doNotContactReason: 'Court order' }),
    ).toBe('Do not contact: Court order');
  });
});
