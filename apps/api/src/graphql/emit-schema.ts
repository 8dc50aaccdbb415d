import 'reflect-metadata';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildKinroomSchema } from './schema.js';

export const SCHEMA_FILE = fileURLToPath(
  new URL('../../../../packages/schema/schema.graphql', import.meta.url),
);

const HEADER =
  '# Kinroom GraphQL schema. Generated from the API code by `pnpm --filter @kinroom/api schema:emit`; do not edit.\n\n';

/** The published SDL: sorted so that diffs show real changes only. */
export async function printKinroomSchema(): Promise<string> {
  return HEADER + printSchema(lexicographicSortSchema(await buildKinroomSchema())) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sdl = await printKinroomSchema();
  const check = process.argv.includes('--check');
  const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
  if (check) {
    if (current !== sdl) {
      process.stderr.write(
        'packages/schema/schema.graphql is stale: run `pnpm --filter @kinroom/api schema:emit`\n',
      );
      process.exit(1);
    }
  } else if (current !== sdl) {
    await writeFile(SCHEMA_FILE, sdl);
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  }
}
