import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/api.js';

/**
 * The GraphQL-over-HTTP spec's recommendations (SHOULD) that our server knowingly does not follow, by audit id:
 * none. Any SHOULD that fails, and every MUST, fails this test.
 */
const ACCEPTED_WARNINGS: Record<string, string> = {};

let api: TestApi;
const results: AuditResult[] = [];

beforeAll(async () => {
  api = await startTestApi({ demo: false });
});

afterAll(async () => {
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const lines = results
    .filter((r) => r.status !== 'ok')
    .map((r) => `  ${r.status.padEnd(6)} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
  console.info(
    `graphql-http server audits: ${results.length} run, ${count('ok')} ok, ${count('error')} MUST failed, ` +
      `${count('warn')} SHOULD not followed, ${count('notice')} MAY not taken\n${lines.join('\n')}`,
  );
  await api?.close();
});

describe('GraphQL over HTTP: graphql-http server audits against the real server', () => {
  for (const audit of serverAudits({ url: () => `${api.url}/graphql` })) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      results.push(result);
      if (result.status === 'ok' || result.status === 'notice') return;
      const answer = `${result.reason}; the server answered ${result.response.status}: ${await result.response.text()}`;
      if (result.status === 'error') expect.fail(`a MUST of the spec is broken: ${answer}`);
      expect(ACCEPTED_WARNINGS[result.id], `a SHOULD of the spec is not followed: ${answer}`).toBeDefined();
    });
  }
});

describe('GraphQL over HTTP: what the audits do not cover', () => {
  it('refuses batched requests (batching is off)', async () => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('serves queries over GET once the request cannot be a cross-site one', async () => {
    const url = `${api.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    // Apollo's CSRF prevention turns away a "simple" GET, which is why the audits' optional GET checks are notices.
    expect((await fetch(url)).status).toBe(400);
    const res = await fetch(url, {
      headers: { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('never runs a mutation sent over GET', async () => {
    const query = encodeURIComponent(
      'mutation { signInAsDemoUser(email: "priya.shah@coxford.example") { token } }',
    );
    const res = await fetch(`${api.url}/graphql?query=${query}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(405);
  });
});
