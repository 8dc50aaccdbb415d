import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type GqlResult, type TestApi } from '../../test/api.js';

// A query's first run goes through graphql-js, its later runs through the compiled function (executor.ts): every
// answer, error and status a client can get must be the same either way.

let api: TestApi;
const token: Record<string, string> = {};
let childId: string;
let centreId: string;
const now = new Date();

const HISTORY = `query History($childId: ID!, $first: Int, $withSummary: Boolean!, $noFlags: Boolean!) {
  childHistory(childId: $childId, first: $first) {
    edges {
      cursor
      node {
        ...Entry
        flags @skip(if: $noFlags) { id category severity status description raisedAt }
      }
    }
    pageInfo { hasNextPage endCursor }
    summary @include(if: $withSummary) {
      attendanceRate sessionsCounted consecutiveUnexplainedAbsences activeAgreementStatus
      next: nextSession { id startsAt }
    }
  }
}
fragment Entry on ChildHistoryEntry {
  session { id kind status startsAt endsAt }
  attendance { outcome minutesLate note }
  report { status dueAt overdue }
  observation { id status sections { key facts opinion } author { name } reviewer { name } }
}`;

const BOARD = `query Board($c: ID!) {
  roomBoard(centreId: $c) {
    centreName at
    counts { free occupied needsTidying outOfService warnings }
    rooms {
      room { id name capacity condition }
      state elapsedMinutes remainingMinutes
      current { id status child { firstName lastInitial } supervisor { name } }
      next { id startsAt supervisionLevel }
      warnings { kind sessionId minutes message }
    }
  }
}`;

const CASELOAD = `query { myCaseload { __typename child { id firstName } needsAttention } me { name role } }`;

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

let documents = 0;

/**
 * Sends an operation three times as a document the server has not seen (a comment at its end makes it new) and
 * expects one answer, checking which runs were compiled.
 */
async function sameEveryRun(
  who: string,
  query: string,
  variables: Record<string, unknown>,
  compiles: boolean,
) {
  const document = `${query}\n# document ${++documents}`;
  const answers: GqlResult[] = [];
  const compiled: number[] = [];
  for (let run = 0; run < 3; run++) {
    answers.push(await api.gql(token[who]!, document, variables));
    compiled.push(api.server.executor.compiled);
  }
  // Compiled on its second run and only then; never when it is not a query or its variables do not coerce.
  expect(compiled[1]! - compiled[0]!).toBe(compiles ? 1 : 0);
  expect(compiled[2]).toBe(compiled[1]);
  expect(comparable(answers[1]!)).toEqual(comparable(answers[0]!));
  expect(comparable(answers[2]!)).toEqual(comparable(answers[0]!));
  return answers[0]!;
}

beforeAll(async () => {
  api = await startTestApi({ now, clock: () => now, compileAfterRuns: 2 });
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

describe('running a query compiled', () => {
  it('answers a child’s history the same, with fragments, aliases and directives either way', async () => {
    for (const flags of [true, false]) {
      const r = await sameEveryRun(
        'sw',
        HISTORY,
        { childId, first: 20, withSummary: flags, noFlags: !flags },
        true,
      );
      const history = (
        r.data as { childHistory: { edges: { node: Record<string, unknown> }[]; summary?: object } }
      ).childHistory;
      expect(history.edges.length).toBeGreaterThan(0);
      expect('flags' in history.edges[0]!.node).toBe(flags);
      expect('summary' in history).toBe(flags);
    }
  });

  it('answers the room board and the caseload the same either way', async () => {
    const board = await sameEveryRun('manager', BOARD, { c: centreId }, true);
    expect((board.data as { roomBoard: { rooms: unknown[] } }).roomBoard.rooms.length).toBeGreaterThan(0);
    const caseload = await sameEveryRun('sw', CASELOAD, {}, true);
    expect((caseload.data as { myCaseload: unknown[] }).myCaseload.length).toBeGreaterThan(0);
  });

  it('gives the same errors, codes, paths and places in the document either way', async () => {
    const unknownChild = await sameEveryRun(
      'sw',
      HISTORY,
      { childId: randomUUID(), first: 5, withSummary: true, noFlags: false },
      true,
    );
    expect(unknownChild.errors?.[0]).toMatchObject({
      path: ['childHistory'],
      locations: [{ line: 2, column: 3 }],
      extensions: { code: 'NOT_FOUND' },
    });
    // Lines ended by carriage returns alone (GraphQL allows them) are counted the same way.
    const carriageReturns = await sameEveryRun(
      'sw',
      HISTORY.replace(/\n/g, '\r'),
      { childId: randomUUID(), first: 5, withSummary: true, noFlags: false },
      true,
    );
    expect(carriageReturns.errors?.[0]).toMatchObject({ locations: [{ line: 2, column: 3 }] });
    const badPage = await sameEveryRun(
      'sw',
      HISTORY,
      { childId, first: 500, withSummary: true, noFlags: false },
      true,
    );
    expect(badPage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Variables that do not coerce are answered by graphql-js every time, in its words.
    const badVariable = await sameEveryRun(
      'sw',
      'query Bad($first: Int) { childHistory(childId: "x", first: $first) { pageInfo { hasNextPage } } }',
      { first: 'twenty' },
      false,
    );
    expect(badVariable.status).toBe(400);
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never compiles a mutation', async () => {
    const acknowledge = `mutation Ack($id: ID!) { acknowledgeFlag(id: $id) { id status } }`;
    const r = await sameEveryRun('sw', acknowledge, { id: randomUUID() }, false);
    expect(r.errors?.[0]?.extensions?.code).toBeDefined();
  });
});

describe('what is never compiled', () => {
  it('runs a document with a string written into it through graphql-js, so that no text of a client’s becomes code', async () => {
    // graphql-jit writes literal arguments into the function it generates and turns a marked string back into
    // `new Date(…)` with whatever follows the marker: this one would run code if it were compiled.
    const marker = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
    const query = `query { childHistory(childId: "${marker}0), x: (globalThis.kinroomInjected = true), y: (0") {
      pageInfo { hasNextPage } } }`;
    const r = await sameEveryRun('sw', query, {}, false);
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((globalThis as { kinroomInjected?: boolean }).kinroomInjected).toBeUndefined();
  });
});
