import { describe, expect, it } from 'vitest';
import { SCOPES, keyProblem, scopesInWords } from './api-key-labels';

describe('an API key’s scopes in words', () => {
  it('says what a key may do, in the order offered, whatever order the API sends', () => {
    expect(scopesInWords(['CARERS', 'READ'])).toBe('Read records, Read carers’ identity and address');
    expect(scopesInWords(['WRITE', 'READ'])).toBe('Read records, Write records');
    expect(scopesInWords([])).toBe('');
  });

  it('warns that the carers scope exposes protected identities and addresses', () => {
    const carers = SCOPES.find((s) => s.scope === 'CARERS')!;
    expect(carers.hint).toMatch(/names and addresses are protected/);
  });
});

describe('before a key is made', () => {
  it('asks for a name and at least one scope', () => {
    expect(keyProblem('  ', ['READ'])).toBe('Name the key: what is it for?');
    expect(keyProblem('Case system sync', [])).toBe('Choose at least one thing the key may do.');
    expect(keyProblem('Case system sync', ['READ'])).toBeNull();
  });
});
