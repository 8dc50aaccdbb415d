import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';
import { wsClient } from '../../test/ws.js';

/** What the operation carries that no log line may: a child's name, an email address, a token. */
const CHILD = { firstName: 'Marigold', lastName: 'Penhallow' };
const EMAIL = 'marigold.carer@familymail.co.uk';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtIn0.c2lnbmF0dXJl';

let api: TestApi;
let admin: string;
const written: string[] = [];

beforeAll(async () => {
  api = await startTestApi({ env: { KINROOM_LOG_FORMAT: 'json', KINROOM_LOG_LEVEL: 'debug' } });
  admin = await api.tokenFor(DEMO.admin);
  // A database that refuses this child, quoting the row it refused in its error, as PostgreSQL's checks do.
  await api.db.sql(
    `alter table child add constraint child_refused check (first_name <> '${CHILD.firstName}')`,
  );
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write);
  }
}, 120_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await api.close();
});

describe('logs', () => {
  it('tell a failed operation as JSON under its correlation id, and never what it carried', async () => {
    // The request's headers are never logged either.
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-token': JWT },
      body: JSON.stringify({
        query: 'mutation SaveChild($input: ChildInput!) { saveChild(input: $input) { id } }',
        variables: {
          input: { ...CHILD, dateOfBirth: '2017-03-04', externalId: `${EMAIL} ${JWT}` },
        },
      }),
    });
    const body = (await res.json()) as { errors: { extensions: { code: string; correlationId: string } }[] };
    const error = body.errors[0]!.extensions;
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');

    const lines = written.join('').split('\n').filter(Boolean);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = parsed.filter((l) => l.correlationId === error.correlationId);
    // The error, with its database code and where it was thrown, and the operation's own line at debug level.
    const failure = mine.find((l) => l.level === 'error');
    expect(failure?.err).toMatchObject({ code: '23514', constraint: 'child_refused', table: 'child' });
    expect(String((failure?.err as { stack?: string }).stack)).toMatch(/^\s+at /);
    expect(mine.find((l) => l.level === 'debug')).toMatchObject({
      transport: 'http',
      operation: 'SaveChild',
      failed: true,
    });
    const all = lines.join('\n');
    for (const secret of [CHILD.firstName, CHILD.lastName, EMAIL, JWT, admin, admin.split('.')[2]!]) {
      expect(all).not.toContain(secret);
    }
  });

  it('tell one failed over WebSocket under the correlation id its client was given', async () => {
    const client = wsClient(api.url, admin);
    const result = await new Promise<{ errors?: { extensions?: { correlationId?: string } }[] }>(
      (resolve) => {
        client.subscribe(
          {
            query: 'mutation SaveChild($input: ChildInput!) { saveChild(input: $input) { id } }',
            variables: { input: { ...CHILD, dateOfBirth: '2017-03-04', externalId: EMAIL } },
          },
          {
            next: (r) => resolve(r as never),
            error: (e) => resolve({ errors: [{ extensions: { e } as never }] }),
            complete: () => {},
          },
        );
      },
    );
    await client.dispose();
    const id = result.errors?.[0]?.extensions?.correlationId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = written.join('').split('\n').filter(Boolean);
    const mine = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.correlationId === id);
    expect(mine.find((l) => l.level === 'error')?.err).toMatchObject({
      code: '23514',
      constraint: 'child_refused',
    });
    // Every line of the operation carries the id, not only the error's.
    expect(mine.find((l) => l.level === 'debug')).toMatchObject({ transport: 'websocket', failed: true });
    expect(lines.join('\n')).not.toContain(CHILD.firstName);
  });
});
