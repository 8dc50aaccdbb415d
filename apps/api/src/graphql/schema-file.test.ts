import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printKinroomSchema, SCHEMA_FILE } from './emit-schema.js';

describe('the published schema', () => {
  it('is exactly what the code generates (run `pnpm --filter @kinroom/api schema:emit` when this fails)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await printKinroomSchema());
  });
});
