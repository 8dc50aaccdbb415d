import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKinroomSchema } from '../../src/graphql/schema.js';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { changedTables, fingerprint } from './fingerprint.js';
import { writeFigures } from './figures.js';
import { MATRIX, type MatrixRow, type Outcome, type Targets } from './matrix.js';
import {
  PERSONAS,
  personaTokens,
  WITHOUT_VALID_TOKEN,
  type Persona,
  type PersonaTokens,
} from './personas.js';
import { childIdsIn, rootFields, withRandomIds, type OperationKind } from './schema-walk.js';
import { httpGql, wsConnect, wsFirst, type Answer } from './transport.js';
import { Fixtures, loadDemoIds, type DemoIds } from './world.js';

/**
 * Issue 6, "Access": every persona × every root field of the schema as it is built now, each cell's expected
 * answer written down in matrix.ts. Beyond the code, each cell checks what the answer must not do: a refused change
 * leaves every table as it was, a NOT_FOUND reads exactly as for an id that does not exist, an allowed read of a
 * child's record is in the access log (who, which child, which fields, when, which operation), and nothing of
 * Coxford reaches Eastmoor's staff. Among the personas is the manager of Coxford's other centre, who reaches no
 * child of Coxford Road's; and since a manager or supervisor without a centre cannot exist, the last cells check
 * that the database refuses one.
 */

const schema = await buildKinroomSchema();
const FIELDS = rootFields(schema);

let api: TestApi;
let tokens: PersonaTokens;
let ids: DemoIds;
let targets: Targets;
/** The field whose row is running: fixtures are made once per field and owner. */
let currentField = '';
const sockets = new Map<Persona, Client>();
let logAtStart: { id: string; hash: string };
const counted = { http: 0, ws: 0, notFoundCompared: 0, refusedChangesChecked: 0, readsLogged: 0 };

beforeAll(async () => {
  api = await startTestApi();
  tokens = await personaTokens(api);
  ids = await loadDemoIds((t, p) => api.db.sql(t, p));
  const fx = new Fixtures((t, p) => api.db.sql(t, p), ids);
  const head = (await api.db.sql('select coalesce(max(id), 0)::text as id from event')).rows[0].id as string;
  const memo = new Map<string, Promise<unknown>>();
  targets = {
    ids,
    fx,
    after: head,
    own: <T>(owner: Persona, make: () => Promise<T>) => {
      const key = `${currentField}:${owner}`;
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as Promise<T>;
    },
  };
  // Something for Eastmoor's social worker to follow: a flag raised for her own child, by her own council.
  const raised = await api.gql(
    tokens.token.otherManager,
    `mutation($c: ID!) { raiseFlag(input: { childId: $c, category: OTHER, severity: LOW, description: "Eastmoor concern" }) { id } }`,
    { c: ids.child.Freya },
  );
  if (raised.errors) throw new Error(JSON.stringify(raised.errors));
  for (const p of PERSONAS) sockets.set(p, wsConnect(api.url, tokens.token[p]));
  // Reads logged before the matrix, which nothing in it may change.
  for (const child of [ids.child.Maisie, ids.child.Leo]) {
    await api.gql(tokens.token.socialWorker, `query($id: ID!) { child(id: $id) { id } }`, { id: child });
  }
  const mark = await logMark();
  logAtStart = { id: mark.id, hash: await loggedSoFar(mark.id) };
});

afterAll(async () => {
  for (const c of sockets.values()) await c.dispose();
  await api?.close();
});

function noneAllowed(row: MatrixRow): boolean {
  return !PERSONAS.some((q) => row.expect[q] === 'ALLOWED');
}

function firstAllowed(row: MatrixRow): Persona {
  const p = PERSONAS.find((q) => row.expect[q] === 'ALLOWED');
  if (!p) throw new Error('a row must allow someone');
  return p;
}

/** What an answer amounts to, in the matrix's words. */
function outcomeOf(a: Answer, field: string): string {
  if (a.closeCode === 4403) return 'UNAUTHENTICATED';
  if (a.closeCode !== undefined) return `closed ${a.closeCode}`;
  const code = a.errors?.[0]?.extensions?.code;
  if (code) return String(code);
  if (a.errors?.length) return `error without code: ${a.errors[0]!.message}`;
  const value = a.data?.[field];
  return value === undefined || value === null ? 'no data' : 'ALLOWED';
}

async function send(
  transport: 'http' | 'ws',
  p: Persona,
  document: string,
  variables: Record<string, unknown>,
  op: string,
): Promise<Answer> {
  if (transport === 'ws') {
    const sub = wsFirst(sockets.get(p)!, document, variables, op);
    const answer = await sub.answer;
    sub.stop();
    return answer;
  }
  return httpGql(api.url, tokens.token[p], document, variables, op);
}

/** The newest access-log row, and the database's clock, before a cell runs. */
const logMark = async () =>
  (await api.db.sql('select coalesce(max(id), 0)::text as id, clock_timestamp() as at from access_log'))
    .rows[0] as {
    id: string;
    at: Date;
  };

/** A hash of the access-log rows up to `id`: equal later means none of them was changed or removed. */
const loggedSoFar = async (id: string) =>
  (
    await api.db.sql(
      `select count(*)::text || md5(coalesce(string_agg(md5(a::text), '' order by a.id), '')) as h
         from access_log a where a.id <= $1`,
      [id],
    )
  ).rows[0].h as string;

const COXFORD_ONLY = () => [
  ids.council,
  ids.centre,
  ...Object.entries(ids.child)
    .filter(([n]) => n !== 'Freya')
    .map(([, id]) => id),
];

describe('the authorization matrix', () => {
  it('has a written expectation for every root field of the schema, and none for a field that is gone', () => {
    const missing = FIELDS.filter((f) => !MATRIX[f.kind][f.name]).map((f) => `${f.kind} ${f.name}`);
    const stale = (Object.keys(MATRIX) as OperationKind[]).flatMap((kind) =>
      Object.keys(MATRIX[kind])
        .filter((name) => !FIELDS.some((f) => f.kind === kind && f.name === name))
        .map((name) => `${kind} ${name}`),
    );
    if (missing.length > 0) {
      console.error(
        `Root fields with no row in test/hardening/matrix.ts (add one saying what each persona gets):\n  ${missing.join('\n  ')}`,
      );
    }
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  for (const { kind, name } of FIELDS) {
    const row = MATRIX[kind][name];
    if (!row) continue;
    it(`${kind} ${name}: ${PERSONAS.map((p) => `${p} ${row.expect[p]}`).join(', ')}`, async () => {
      currentField = name;
      const problems: string[] = [];
      const op = `M_${name}`;
      // Refusals first, while each record is still in the state its owner will act on.
      const order = [...PERSONAS].sort(
        (a, b) => Number(row.expect[a] === 'ALLOWED') - Number(row.expect[b] === 'ALLOWED'),
      );
      for (const p of order) {
        const expected = row.expect[p];
        // A field nobody may call on this server (signing in with an identity provider it has not set up).
        const owner = expected === 'ALLOWED' || noneAllowed(row) ? p : firstAllowed(row);
        const variables = (await row.variables?.(targets, owner)) ?? {};
        const before = kind === 'mutation' && expected !== 'ALLOWED' ? await fingerprint(api.db.sql) : null;
        const logBefore = await logMark();
        const transport = kind === 'subscription' ? 'ws' : 'http';
        const answer = await send(transport, p, row.document, variables, op);
        if (expected === 'ALLOWED') await row.after?.(targets);
        counted[transport] += 1;
        const got = outcomeOf(answer, name);
        const where = `${p} (${answer.transport})`;
        if (got !== expected)
          problems.push(`${where}: expected ${expected}, got ${got} ${answer.raw.slice(0, 300)}`);
        if (answer.status >= 500) problems.push(`${where}: HTTP ${answer.status}`);

        if (before) {
          counted.refusedChangesChecked += 1;
          const changed = changedTables(before, await fingerprint(api.db.sql));
          if (changed.length > 0) problems.push(`${where}: refused, yet changed ${changed.join(', ')}`);
        }
        if (expected === 'NOT_FOUND') {
          counted.notFoundCompared += 1;
          const random = await send(
            transport,
            p,
            row.document,
            withRandomIds(schema, row.document, variables),
            op,
          );
          const [a, b] = [answer.errors?.[0], random.errors?.[0]];
          if (a?.message !== b?.message || a?.extensions?.code !== b?.extensions?.code) {
            problems.push(`${where}: NOT_FOUND differs from a random id: "${a?.message}" vs "${b?.message}"`);
          }
        }
        if (kind === 'query')
          problems.push(...(await checkAccessLog(p, row, got === 'ALLOWED', answer, op, logBefore)));
        if (got === 'ALLOWED' && (p === 'otherManager' || p === 'otherSocialWorker')) {
          const leaked = COXFORD_ONLY().filter((id) => answer.raw.includes(id));
          if (leaked.length > 0) problems.push(`${where}: shows Coxford records ${leaked.join(', ')}`);
        }
        if (got === 'ALLOWED' && kind === 'subscription' && !p.startsWith('other')) {
          const e = answer.data?.[name] as { centreId?: string | null; cursor?: string };
          // An event that names no centre (the figures' "read again") is looked up by its cursor in the event log.
          const centreId =
            e.centreId !== undefined
              ? e.centreId
              : ((await api.db.sql('select centre_id from event where id = $1', [e.cursor])).rows[0]
                  ?.centre_id ?? 'no such event');
          if (centreId !== null && centreId !== ids.centre)
            problems.push(`${where}: event of another centre`);
        }
      }
      if (kind === 'query') problems.push(...(await sameOverWebSocket(name, row, op)));
      expect(problems).toEqual([]);
    });
  }

  it('has no centre-less staff: the database refuses a centre manager or supervisor without a centre, however written', async () => {
    const insert = (role: string, centre: string | null, email: string) =>
      api.db.sql(
        `insert into staff_user (id, council_id, centre_id, name, email, role)
         values (gen_random_uuid(), $1, $2, 'No Centre', $3, $4)`,
        [ids.council, centre, email, role],
      );
    for (const role of ['centre_manager', 'supervisor']) {
      await expect(insert(role, null, `nocentre.${role}@coxford.example`)).rejects.toMatchObject({
        code: '23514',
        constraint: 'staff_user_centre_roles_have_centre',
      });
    }
    await expect(
      api.db.sql(`update staff_user set centre_id = null where email = $1`, [DEMO.manager]),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      api.db.sql(`update staff_user set role = 'supervisor' where email = $1`, [DEMO.socialWorker1]),
    ).rejects.toMatchObject({ code: '23514' });
    // Staff who do not work at a centre still need none.
    await insert('social_worker', null, 'new.sw@coxford.example');
    await insert('integrator', null, 'new.link@coxford.example');
  });

  it('left every access-log row written before it exactly as it was, after every query and change above', async () => {
    expect(Number(logAtStart.id)).toBeGreaterThan(0);
    expect(await loggedSoFar(logAtStart.id)).toBe(logAtStart.hash);
  });

  it('prints how many cells it checked', () => {
    const cells = counted.http + counted.ws;
    console.info(
      `authorization matrix: ${cells} cells checked (${counted.http} over HTTP, ${counted.ws} over WebSocket) ` +
        `for ${FIELDS.length} root fields × ${PERSONAS.length} personas; ${counted.notFoundCompared} NOT_FOUND ` +
        `answers compared with random ids; ${counted.refusedChangesChecked} refused changes checked unchanged; ` +
        `${counted.readsLogged} allowed reads found in the access log`,
    );
    expect(counted.http).toBeGreaterThanOrEqual(
      FIELDS.filter((f) => f.kind !== 'subscription').length * PERSONAS.length,
    );
    writeFigures('matrix', {
      cells,
      httpCells: counted.http,
      wsCells: counted.ws,
      rootFields: FIELDS.length,
      personas: PERSONAS.length,
      notFoundCompared: counted.notFoundCompared,
      refusedChangesUnchanged: counted.refusedChangesChecked,
      readsLogged: counted.readsLogged,
    });
  });
});

/** Every child an allowed read shows is in the access log, written by that reader and that operation; a refusal logs nothing. */
async function checkAccessLog(
  p: Persona,
  row: MatrixRow,
  allowed: boolean,
  answer: Answer,
  op: string,
  logBefore: { id: string; at: Date },
): Promise<string[]> {
  const rows = (
    await api.db.sql(
      `select user_id, child_id, fields, operation, client_operation_name, at,
              at between $2 and clock_timestamp() as in_time
         from access_log where id > $1 order by id`,
      [logBefore.id, logBefore.at],
    )
  ).rows as {
    user_id: string;
    child_id: string;
    fields: string[];
    operation: string;
    client_operation_name: string;
    in_time: boolean;
  }[];
  if (!allowed) return rows.length > 0 ? [`${p}: refused, yet ${rows.length} access-log rows written`] : [];
  if (!row.childRecord) return [];
  const problems: string[] = [];
  const shown = childIdsIn(answer.data);
  for (const childId of row.about?.(targets) ?? []) shown.add(childId);
  for (const childId of shown) {
    if (!rows.some((r) => r.child_id === childId))
      problems.push(`${p}: read child ${childId} without a log row`);
  }
  for (const r of rows) {
    if (r.user_id !== tokens.userId[p]) problems.push(`${p}: log row names user ${r.user_id}`);
    // The server names what it ran (the root field); the client's name for the operation is kept apart.
    const ran = `query ${op.replace(/^M_/, '')}`;
    if (r.operation !== ran) problems.push(`${p}: log row names operation ${r.operation}, not ${ran}`);
    if (r.client_operation_name !== op)
      problems.push(`${p}: log row names the client's operation ${r.client_operation_name}, not ${op}`);
    if (r.fields.length === 0) problems.push(`${p}: log row names no fields`);
    if (!r.in_time) problems.push(`${p}: log row is not dated when the read happened`);
  }
  if (shown.size > 0) counted.readsLogged += 1;
  return problems;
}

/** Queries answer the same over graphql-ws, except that a caller without a valid token cannot open a socket at all. */
async function sameOverWebSocket(name: string, row: MatrixRow, op: string): Promise<string[]> {
  const problems: string[] = [];
  for (const p of PERSONAS) {
    const expected: Outcome = WITHOUT_VALID_TOKEN.includes(p) ? 'UNAUTHENTICATED' : row.expect[p];
    const owner = row.expect[p] === 'ALLOWED' ? p : firstAllowed(row);
    const variables = (await row.variables?.(targets, owner)) ?? {};
    const answer = await send('ws', p, row.document, variables, op);
    counted.ws += 1;
    const got = outcomeOf(answer, name);
    if (got !== expected)
      problems.push(`${p} (ws): expected ${expected}, got ${got} ${answer.raw.slice(0, 300)}`);
  }
  return problems;
}
