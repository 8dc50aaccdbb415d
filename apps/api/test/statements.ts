import type { TestApi } from './api.js';

/** The SQL statements the ORM sends while `fn` runs (an in-process test server shares the test's ORM). */
export async function countStatements(
  api: Pick<TestApi, 'db'>,
  fn: () => Promise<unknown>,
): Promise<string[]> {
  const config = api.db.orm.config;
  const original = config.get('onQuery');
  const seen: string[] = [];
  config.set('onQuery', (text: string, params: readonly unknown[]) => {
    seen.push(text);
    return original(text, params);
  });
  try {
    await fn();
  } finally {
    config.set('onQuery', original);
  }
  return seen;
}
