import type { ApiScope } from '@kinroom/schema';

/** The scopes in the order the dashboard offers them, each in words (docs/sign-in.md). */
export const SCOPES: readonly { scope: ApiScope; label: string; hint: string }[] = [
  { scope: 'READ', label: 'Read records', hint: 'Queries and live updates, as an integration reads.' },
  {
    scope: 'WRITE',
    label: 'Write records',
    hint: 'A case system’s changes. Each change answers with the record, so a key that writes also needs to read.',
  },
  {
    scope: 'CARERS',
    label: 'Read carers’ identity and address',
    hint:
      'Carers’ names and addresses are protected: where a child lives may have to be kept from their family. ' +
      'Give this only to a system that must have them.',
  },
];

/** "Read records, Write records": a key's scopes in words, in the order they are offered. */
export function scopesInWords(scopes: readonly ApiScope[]): string {
  return SCOPES.filter((s) => scopes.includes(s.scope))
    .map((s) => s.label)
    .join(', ');
}

/** What is missing before a key can be made, in words; null when it may be sent. */
export function keyProblem(name: string, scopes: readonly ApiScope[]): string | null {
  if (!name.trim()) return 'Name the key: what is it for?';
  if (scopes.length === 0) return 'Choose at least one thing the key may do.';
  return null;
}
