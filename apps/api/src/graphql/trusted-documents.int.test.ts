import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';
import { MANIFEST_FILE } from './trusted-documents.js';

// The trusted documents (the committed manifest: the dashboard's operations and the registered ones) run compiled
// from their first request; any other document runs on graphql-js. Every answer, error and status a client can get
// must be the same either way.

let api: TestApi;
const token: Record<string, string> = {};
let childId: string;
let centreId: string;
const now = new Date();

const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, string>;

/** The manifest's entry for an operation, by its name. */
function trusted(operation: string): { hash: string; text: string } {
  const entry = Object.entries(manifest).find(([, text]) =>
    new RegExp(`\\b(query|mutation|subscription) ${operation}\\b`).test(text),
  );
  if (!entry) throw new Error(`${operation} is not in the manifest`);
  return { hash: entry[0], text: entry[1] };
}

/** Sends an operation as the dashboard does: its hash alone, in `extensions.persistedQuery`. */
async function byHash(
  who: string,
  hash: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResult> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${token[who]}`,
    },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return { ...((await res.json()) as GqlResult), status: res.status };
}

/** The same document as another text (a comment at its end): not a trusted document. */
const untrusted = (text: string) => `${text}\n# sent by hand`;

/** The parts of an answer that differ on every request whatever runs it: sealed cursors and error references. */
function comparable(r: GqlResult): unknown {
  return JSON.parse(
    JSON.stringify(r, (key, value: unknown) =>
      key === 'cursor' || key === 'endCursor' || key === 'correlationId'
        ? typeof value
        : key === 'message' && typeof value === 'string'
          ? value.replace(/[0-9a-f-]{36}/g, '<id>')
          : value,
    ),
  );
}

/** Runs `send` and tells how many operations ran compiled meanwhile. */
async function compiledRuns(send: () => Promise<GqlResult>): Promise<[GqlResult, number]> {
  const before = api.server.executor.compiled;
  const r = await send();
  return [r, api.server.executor.compiled - before];
}

/**
 * Sends a trusted operation by its hash, then the same document as untrusted text, and expects one answer: the
 * first compiled on its first request (when `compiles`), the second never.
 */
async function sameEitherWay(
  who: string,
  operation: string,
  variables: Record<string, unknown>,
  compiles = true,
): Promise<GqlResult> {
  const { hash, text } = trusted(operation);
  const [compiled, runs] = await compiledRuns(() => byHash(who, hash, variables));
  expect(runs).toBe(compiles ? 1 : 0);
  const [plain, plainRuns] = await compiledRuns(() => api.gql(token[who]!, untrusted(text), variables));
  expect(plainRuns).toBe(0);
  expect(comparable(compiled)).toEqual(comparable(plain));
  return compiled;
}

beforeAll(async () => {
  api = await startTestApi({ now, clock: () => now });
  for (const [who, email] of Object.entries({ sw: DEMO.socialWorker1, manager: DEMO.manager })) {
    token[who] = await api.tokenFor(email);
  }
  childId = (
    await api.db.sql(
      `select c.child_id as id from child_case c join staff_user u on u.id = c.social_worker_id
        where u.email = $1 and c.closed_at is null order by c.child_id limit 1`,
      [DEMO.socialWorker1],
    )
  ).rows[0].id;
  centreId = (await api.db.sql(`select id from centre where address like '%Coxford Road%'`)).rows[0].id;
});

afterAll(async () => {
  await api?.close();
});

describe('a trusted document', () => {
  it('runs compiled from its first request, answering a child’s history as graphql-js does', async () => {
    const r = await sameEitherWay('sw', 'ChildHistoryPage', { childId, first: 20 });
    const history = (r.data as { childHistory: { edges: unknown[]; summary: object } }).childHistory;
    expect(history.edges.length).toBeGreaterThan(0);
    expect(history.summary).toBeDefined();
    // Registered documents alike (the benchmark's).
    await sameEitherWay('sw', 'BenchChildHistory', { childId, first: 20 });
    await sameEitherWay('sw', 'BenchChildHistoryAsPeer', { childId, first: 20 });
  });

  it('answers the room board and the caseload as graphql-js does, with the __typename Apollo Client reads', async () => {
    const board = await sameEitherWay('manager', 'RoomBoard', { centreId });
    const rooms = (board.data as { roomBoard: { rooms: { __typename: string }[] } }).roomBoard.rooms;
    expect(rooms.length).toBeGreaterThan(0);
    expect(rooms[0]!.__typename).toBe('RoomBoardRoom');
    const caseload = await sameEitherWay('sw', 'MyCaseload', {});
    expect((caseload.data as { myCaseload: unknown[] }).myCaseload.length).toBeGreaterThan(0);
  });

  it('runs compiled when its text is sent exactly as the manifest holds it', async () => {
    const { text } = trusted('BoardCentres');
    const [r, runs] = await compiledRuns(() => api.gql(token.manager!, text));
    expect(runs).toBe(1);
    expect((r.data as { myCentres: unknown[] }).myCentres.length).toBeGreaterThan(0);
  });

  it('gives the same errors, codes, paths and places in the document either way', async () => {
    const unknownChild = await sameEitherWay('sw', 'ChildHistoryPage', { childId: randomUUID(), first: 5 });
    expect(unknownChild.errors?.[0]).toMatchObject({
      path: ['childHistory'],
      locations: [{ line: 1, column: expect.any(Number) }],
      extensions: { code: 'NOT_FOUND' },
    });
    const badPage = await sameEitherWay('sw', 'ChildHistoryPage', { childId, first: 500 });
    expect(badPage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Variables that do not coerce are answered by graphql-js, in its words.
    const badVariable = await sameEitherWay('sw', 'ChildHistoryPage', { childId, first: 'twenty' }, false);
    expect(badVariable.status).toBe(400);
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never compiles a mutation', async () => {
    const r = await sameEitherWay('sw', 'AcknowledgeFlag', { id: randomUUID() }, false);
    expect(r.errors?.[0]?.extensions?.code).toBeDefined();
  });
});

describe('any other document', () => {
  it('runs on graphql-js however often it is sent, so that no text of a client’s becomes code', async () => {
    // graphql-jit writes literal arguments into the function it generates and turns a marked string back into
    // `new Date(…)` with whatever follows the marker: this one would run code if it were compiled.
    const marker = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
    const query = `query { childHistory(childId: "${marker}0), x: (globalThis.kinroomInjected = true), y: (0") {
      pageInfo { hasNextPage } } }`;
    for (let run = 0; run < 3; run++) {
      const [r, runs] = await compiledRuns(() => api.gql(token.sw!, query));
      expect(runs).toBe(0);
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect((globalThis as { kinroomInjected?: boolean }).kinroomInjected).toBeUndefined();
  });

  it('is not known by its hash, even after it was sent with it', async () => {
    const query = 'query Mine { me { name } }';
    const hash = createHash('sha256').update(query).digest('hex');
    const notFound = await byHash('sw', hash);
    expect(notFound.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.sw}` },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(((await res.json()) as GqlResult).data).toMatchObject({ me: { name: expect.any(String) } });
    expect((await byHash('sw', hash)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('leaves no statement prepared for the shape of history it asks for', async () => {
    // A shape of history no trusted document asks for: its statement text is this client's choice.
    const query = `query { childHistory(childId: "${childId}", first: 3) { edges { node { session { id endedAt } } } } }`;
    const before = await preparedHistories();
    for (let run = 0; run < 2; run++) {
      expect((await api.gql(token.sw!, query)).data).toBeTruthy();
    }
    expect(await preparedHistories()).toEqual(before);
    // A trusted history not read before (a manager's reads are checked by other SQL) is prepared.
    await byHash('manager', trusted('ChildHistoryPage').hash, { childId, first: 20 });
    expect((await preparedHistories()).length).toBeGreaterThan(before.length);
  });
});

/** The history statements prepared on the API's connections (each connection holds its own). */
async function preparedHistories(): Promise<string[]> {
  const pool = await api.db.orm.em.getConnection().getNativeClient();
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  try {
    const texts = new Set<string>();
    for (const client of clients) {
      const { rows } = await client.query<{ statement: string }>(
        `select statement from pg_prepared_statements where statement like 'with readable as%'`,
      );
      for (const row of rows) texts.add(row.statement);
    }
    return [...texts].sort();
  } finally {
    for (const client of clients) client.release();
  }
}
