import { describe, expect, it } from 'vitest';
import { ownPostgresAndServer } from '../../test/own-postgres.js';

const PER_MINUTE = 2;
const own = ownPostgresAndServer({
  KINROOM_LOG_LEVEL: 'silent',
  KINROOM_MUTATIONS_PER_MINUTE: String(PER_MINUTE),
});
const CANCEL = `mutation { cancelSession(input: { sessionId: "00000000-0000-0000-0000-000000000000", expectedVersion: 1, reason: CHILD_ILL }) { id } }`;

async function anonymousChange(): Promise<{ codes: unknown[]; body: string }> {
  const res = await fetch(`${own.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: CANCEL }),
  });
  const body = await res.text();
  const errors = (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
  return { codes: errors.map((e) => e.extensions?.code), body };
}

describe('the shared allowance of changes while PostgreSQL is down', () => {
  it('refuses every change as SERVICE_UNAVAILABLE, never lets a burst through, and shows no internals', async () => {
    // Up: the allowance is counted; the change itself is refused for want of a sign-in.
    expect((await anonymousChange()).codes).toEqual(['UNAUTHENTICATED']);

    await own.postgres.stop();
    const answers = [];
    for (let i = 0; i < PER_MINUTE * 3; i++) answers.push(await anonymousChange());
    // Had the allowance let changes through uncounted, they would reach the resolver and be refused for the sign-in.
    expect(answers.map((a) => a.codes)).toEqual(Array(PER_MINUTE * 3).fill(['SERVICE_UNAVAILABLE']));
    for (const { body } of answers) {
      expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\bat .*\.(js|ts):\d+|mutation_allowance|kinroom:/);
    }
  }, 60_000);
});
