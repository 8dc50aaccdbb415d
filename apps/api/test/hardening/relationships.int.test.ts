import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKinroomSchema } from '../../src/graphql/schema.js';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { writeFigures } from './figures.js';
import { personaTokens, type PersonaTokens } from './personas.js';
import { childIdsIn, selectEverything } from './schema-walk.js';
import { httpGql, wsConnect, wsFirst, type Answer } from './transport.js';
import { Fixtures, loadDemoIds, type DemoIds } from './world.js';

/**
 * Need to know between people of the same council (DOMAIN.md rule 11): a social worker sees only her caseload,
 * whichever way she asks — by id, through nested fields, through a subscription's filter, or with a pagination
 * cursor someone else was given — and a refusal never tells her whether the record exists.
 */

const schema = await buildKinroomSchema();
let api: TestApi;
let tokens: PersonaTokens;
let ids: DemoIds;
let fx: Fixtures;
let daniel: string;
let aishaCaseload: Set<string>;
const refusalsCompared = { count: 0 };

beforeAll(async () => {
  api = await startTestApi();
  tokens = await personaTokens(api);
  ids = await loadDemoIds((t, p) => api.db.sql(t, p));
  fx = new Fixtures((t, p) => api.db.sql(t, p), ids);
  daniel = await api.tokenFor('daniel.brooks@coxford.example');
  aishaCaseload = new Set(
    (
      await api.db.sql(`select child_id from child_case where social_worker_id = $1 and closed_at is null`, [
        ids.staff[DEMO.socialWorker1],
      ])
    ).rows.map((r) => r.child_id as string),
  );
});
afterAll(() => api.close());

const aisha = () => tokens.token.socialWorker;
const refusal = (a: Answer) => ({ code: a.errors?.[0]?.extensions?.code, message: a.errors?.[0]?.message });

/**
 * The refusal of a real record, compared with the same request for a record that does not exist and for one of the
 * other council: all three must read alike, so that the answer says nothing about existence.
 */
async function refusedLikeNothing(
  token: string | null,
  query: string,
  real: Record<string, unknown>,
  swap: (id: string) => Record<string, unknown>,
  others: string[] = [randomUUID(), ids.child.Freya!],
): Promise<void> {
  const answers = [await httpGql(api.url, token, query, real)];
  for (const id of others) answers.push(await httpGql(api.url, token, query, swap(id)));
  refusalsCompared.count += 1;
  expect(refusal(answers[0]!).code, answers[0]!.raw).toBe('NOT_FOUND');
  for (const a of answers.slice(1)) expect(refusal(a), a.raw).toEqual(refusal(answers[0]!));
  for (const a of answers) expect(a.data?.[Object.keys(a.data ?? {})[0] ?? ''] ?? null).toBeNull();
}

const logRowsFor = async (childId: string) =>
  Number((await api.db.sql('select count(*) from access_log where child_id = $1', [childId])).rows[0].count);

describe('a social worker asking for another caseload’s child', () => {
  it('by id, on every query and change that takes one, is refused exactly as for a child that does not exist', async () => {
    const ruby = ids.child.Ruby!;
    const logged = await logRowsFor(ruby);
    const cases: [string, Record<string, unknown>, (id: string) => Record<string, unknown>][] = [];
    const add = (query: string, real: string) => cases.push([query, { id: real }, (id) => ({ id })]);
    add(`query($id: ID!) { child(id: $id) { id firstName } }`, ruby);
    add(`query($id: ID!) { childHistory(childId: $id) { edges { cursor } } }`, ruby);
    add(`query($id: ID!) { verifyEvidenceChain(childId: $id) { intact } }`, ruby);
    add(`query($id: ID!) { agreement(id: $id) { id } }`, ids.rubyAgreement);
    add(`query($id: ID!) { session(id: $id) { id } }`, ids.rubySession);
    add(`query($id: ID!) { flag(id: $id) { id } }`, ids.kaiFlag);
    if (ids.rubyFinalObservation)
      add(`query($id: ID!) { observation(id: $id) { id } }`, ids.rubyFinalObservation);
    add(`mutation($id: ID!) { acknowledgeFlag(id: $id) { id } }`, ids.kaiFlag);
    add(`mutation($id: ID!) { escalateFlag(id: $id, reason: "Worried") { id } }`, ids.kaiFlag);
    add(
      `mutation($id: ID!) { endAgreement(id: $id, reason: "Ends", expectedVersion: 1) { id } }`,
      ids.rubyAgreement,
    );
    add(
      `mutation($id: ID!) { reviewAgreement(id: $id, expectedVersion: 1, input: { summary: "Fine", nextReviewDate: "2099-01-01" }) { id } }`,
      ids.rubyAgreement,
    );
    cases.push([
      `mutation($c: ID!, $p: ID!) { createAgreement(input: { childId: $c, centreId: "${ids.centre}", riskFactors: [], sessionsPerWeek: 1, sessionMinutes: 60, participantIds: [$p], transportPlan: "Taxi", conditions: [], reviewDate: "2099-01-01" }) { id } }`,
      { c: ruby, p: ids.maisieParent },
      (id) => ({ c: id, p: ids.maisieParent }),
    ]);
    for (const [query, real, swap] of cases) await refusedLikeNothing(aisha(), query, real, swap);
    // A supervisor who does not run Ruby's sessions, and Eastmoor's manager, are refused alike.
    await refusedLikeNothing(
      tokens.token.supervisor,
      `query($id: ID!) { child(id: $id) { id } }`,
      { id: ruby },
      (id) => ({
        id,
      }),
    );
    await refusedLikeNothing(
      tokens.token.supervisor,
      `query($id: ID!) { session(id: $id) { id } }`,
      { id: ids.rubySession },
      (id) => ({
        id,
      }),
    );
    await refusedLikeNothing(
      tokens.token.otherManager,
      `query($id: ID!) { child(id: $id) { id } }`,
      { id: ruby },
      (id) => ({ id }),
      [randomUUID()],
    );
    expect(await logRowsFor(ruby)).toBe(logged);
  });

  it('through nested fields, reaches no child outside her caseload (and carers only as the child’s social worker)', async () => {
    const reads: [string, Record<string, unknown>, string][] = [
      ['myCaseload', {}, 'CaseloadEntry'],
      ['myFlags', {}, 'SafeguardingFlag'],
      ['child(id: $id)', { id: ids.child.Maisie }, 'ChildRecordType'],
      ['childHistory(childId: $id)', { id: ids.child.Maisie }, 'ChildHistoryConnection'],
      ['session(id: $id)', { id: ids.maisieLiveSession }, 'SessionType'],
      ['observation(id: $id)', { id: ids.maisieFinalObservation }, 'Observation'],
      ['flag(id: $id)', { id: ids.maisieOpenFlag }, 'SafeguardingFlag'],
      ['agreement(id: $id)', { id: ids.maisieAgreement }, 'ContactAgreementType'],
    ];
    let reached = 0;
    for (const [field, variables, type] of reads) {
      const vars = 'id' in variables ? '($id: ID!)' : '';
      const query = `query${vars} { ${field} { ${selectEverything(schema, type, 5)} } }`;
      const a = await httpGql(api.url, aisha(), query, variables);
      expect(a.errors, `${field}: ${a.raw.slice(0, 400)}`).toBeUndefined();
      const children = childIdsIn(a.data);
      reached += children.size;
      for (const c of children) expect(aishaCaseload.has(c), `${field} reached child ${c}`).toBe(true);
    }
    expect(reached).toBeGreaterThan(0);

    const carer = `query($id: ID!) { child(id: $id) { id carer { name address phone } } }`;
    const carerRow = (
      await api.db.sql(
        `select c.name, c.address from carer c join child ch on ch.carer_id = c.id where ch.id = $1`,
        [ids.child.Maisie],
      )
    ).rows[0];
    const asAisha = await httpGql(api.url, aisha(), carer, { id: ids.child.Maisie });
    expect(asAisha.raw).toContain(carerRow.address);
    for (const who of ['supervisor', 'integrator'] as const) {
      const before = (await api.db.sql('select coalesce(max(id), 0) as id from access_log')).rows[0].id;
      const a = await httpGql(api.url, tokens.token[who], carer, { id: ids.child.Maisie });
      expect(a.errors).toBeUndefined();
      expect((a.data!.child as { carer: unknown }).carer).toBeNull();
      expect(a.raw).not.toContain(carerRow.name);
      expect(a.raw).not.toContain(carerRow.address);
      const logged = (await api.db.sql('select fields from access_log where id > $1', [before])).rows;
      expect(logged.flatMap((r) => r.fields as string[])).not.toContain('carer');
    }
  });
});

describe('a subscription filter', () => {
  let client: Client;
  beforeAll(() => {
    client = wsConnect(api.url, aisha());
  });
  afterAll(() => client.dispose());

  const SESSIONS = `subscription($child: ID, $after: String) { sessionChanged(childId: $child, after: $after) { cursor childId } }`;
  const FLAGS = `subscription($after: String) { flagChanged(after: $after) { cursor childId } }`;

  it('naming another caseload’s child is refused exactly as for a child that does not exist', async () => {
    const answers: Answer[] = [];
    for (const child of [ids.child.Ruby, randomUUID(), ids.child.Freya]) {
      const s = wsFirst(client, SESSIONS, { child });
      answers.push(await s.answer);
      s.stop();
    }
    refusalsCompared.count += 1;
    expect(refusal(answers[0]!).code).toBe('NOT_FOUND');
    expect(refusal(answers[1]!)).toEqual(refusal(answers[0]!));
    expect(refusal(answers[2]!)).toEqual(refusal(answers[0]!));
    // Eastmoor's manager cannot follow Coxford's board, and cannot tell it from a centre that does not exist.
    const eastmoor = wsConnect(api.url, tokens.token.otherManager);
    const board = `subscription($c: ID!) { roomBoardChanged(centreId: $c) { cursor } }`;
    const got: Answer[] = [];
    for (const c of [ids.centre, randomUUID()]) {
      const s = wsFirst(eastmoor, board, { c });
      got.push(await s.answer);
      s.stop();
    }
    expect(refusal(got[0]!).code).toBe('NOT_FOUND');
    expect(refusal(got[1]!)).toEqual(refusal(got[0]!));
    await eastmoor.dispose();
  });

  it('left open, and replayed from a cursor, carries only her caseload’s changes', async () => {
    const head = (await api.db.sql('select coalesce(max(id), 0)::text as id from event')).rows[0]
      .id as string;
    const manager = tokens.token.manager;
    // Ruby's session and flag change first; then Maisie's. Events arrive in id order, so once Maisie's has come,
    // Ruby's would already have come had the filter let it through.
    const ruby = await fx.session({
      child: ids.child.Ruby,
      agreement: ids.rubyAgreement,
      supervisor: ids.staff['kwame.mensah@coxford.example'],
    });
    const maisie = await fx.session();
    const step = `mutation($s: ID!, $v: Int!) { recordSessionStep(input: { sessionId: $s, expectedVersion: $v, step: RECORD_PARENT_ARRIVAL }) { id } }`;
    const raise = `mutation($c: ID!) { raiseFlag(input: { childId: $c, category: OTHER, severity: LOW, description: "Noted" }) { id } }`;
    // Opened before the changes, from the cursor before them, so that no change can slip past unseen whether it
    // arrives live or by replay.
    const live = wsFirst(client, SESSIONS, { after: head });
    const liveFlags = wsFirst(client, FLAGS, { after: head });
    for (const [s, v] of [
      [ruby.id, ruby.version],
      [maisie.id, maisie.version],
    ] as const) {
      const r = await api.gql(manager, step, { s, v });
      expect(r.errors).toBeUndefined();
    }
    for (const c of [ids.child.Ruby, ids.child.Maisie])
      expect((await api.gql(manager, raise, { c })).errors).toBeUndefined();

    const first = await live.answer;
    expect(first.data?.sessionChanged).toMatchObject({ childId: ids.child.Maisie });
    expect((await liveFlags.answer).data?.flagChanged).toMatchObject({ childId: ids.child.Maisie });
    live.stop();
    liveFlags.stop();

    // Opened afterwards from the same cursor: the replay skips Ruby's changes too.
    for (const q of [SESSIONS, FLAGS]) {
      const replay = wsFirst(client, q, { after: head });
      const a = await replay.answer;
      replay.stop();
      expect(Object.values(a.data ?? {})[0]).toMatchObject({ childId: ids.child.Maisie });
    }
    const rubyEvents = (
      await api.db.sql(`select count(*)::int as n from event where id > $1 and child_id = $2`, [
        head,
        ids.child.Ruby,
      ])
    ).rows[0].n;
    expect(rubyEvents).toBe(2);
  });
});

describe('a pagination cursor of someone else’s query', () => {
  const HISTORY = `query($id: ID!, $after: String) { childHistory(childId: $id, first: 1, after: $after) { edges { node { session { id } } } pageInfo { endCursor } } }`;

  it('opens nothing: another caseload’s child stays NOT_FOUND, another query’s cursor reads as a corrupt one', async () => {
    const page = await httpGql(api.url, daniel, HISTORY, { id: ids.child.Ruby });
    const rubyCursor = (page.data!.childHistory as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    expect(rubyCursor).toBeTruthy();
    const adminPage = await httpGql(
      api.url,
      tokens.token.admin,
      `{ accessLog(first: 1) { pageInfo { endCursor } } }`,
    );
    const logCursor = (adminPage.data!.accessLog as { pageInfo: { endCursor: string } }).pageInfo.endCursor;

    // Daniel's cursor for Ruby, in Aisha's hands, for Ruby: refused as for a child that does not exist.
    await refusedLikeNothing(aisha(), HISTORY, { id: ids.child.Ruby, after: rubyCursor }, (id) => ({ id }));

    // For her own child, someone else's cursor (or the admin's access-log cursor) reads exactly like garbage.
    const garbage = Buffer.from(randomUUID().repeat(2)).toString('base64url');
    const answers = [];
    for (const after of [rubyCursor, logCursor, garbage]) {
      answers.push(await httpGql(api.url, aisha(), HISTORY, { id: ids.child.Maisie, after }));
    }
    refusalsCompared.count += 1;
    expect(refusal(answers[0]!).code).toBe('BAD_USER_INPUT');
    expect(refusal(answers[1]!)).toEqual(refusal(answers[0]!));
    expect(refusal(answers[2]!)).toEqual(refusal(answers[0]!));

    // Eastmoor's social worker with Daniel's cursor: refused before anything about Ruby is read.
    const eastmoor = [
      await httpGql(api.url, tokens.token.otherSocialWorker, HISTORY, {
        id: ids.child.Ruby,
        after: rubyCursor,
      }),
      await httpGql(api.url, tokens.token.otherSocialWorker, HISTORY, { id: randomUUID(), after: garbage }),
    ];
    expect(refusal(eastmoor[0]!).code).toBe('BAD_USER_INPUT');
    expect(refusal(eastmoor[1]!)).toEqual(refusal(eastmoor[0]!));
    writeFigures('relationships', { refusalsCompared: refusalsCompared.count });
  });
});
