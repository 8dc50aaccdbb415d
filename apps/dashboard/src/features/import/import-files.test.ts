import { describe, expect, it } from 'vitest';
import { choiceProblem, countsSentence, MAX_UPLOAD_BYTES, outcomeWords } from './import-files';

describe('choosing the export’s files', () => {
  it('asks for the four names, and sends large exports to the command', () => {
    expect(choiceProblem([])).toMatch(/^Choose one or more/);
    expect(choiceProblem([{ name: 'kids.csv', content: '' }])).toMatch(
      /^kids.csv: name each file carers.csv/,
    );
    expect(choiceProblem([{ name: 'Children.csv', content: 'child_id\n' }])).toBeNull();
    const big = 'x'.repeat(MAX_UPLOAD_BYTES);
    expect(choiceProblem([{ name: 'children.csv', content: big }])).toMatch(/\.\/kinroom admin import/);
  });

  it('says what a preview would do and what an import did', () => {
    expect(outcomeWords('CREATED', true)).toBe('would be created');
    expect(outcomeWords('CREATED', false)).toBe('created');
    expect(countsSentence({ created: 1, updated: 2, unchanged: 3, refused: 4 }, true)).toBe(
      '1 would be created, 2 would be updated, 3 unchanged, 4 refused',
    );
  });
});
