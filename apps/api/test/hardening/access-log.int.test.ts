import { getNamedType, isInputObjectType, isObjectType, type GraphQLNamedType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKinroomSchema } from '../../src/graphql/schema.js';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { Fixtures, loadDemoIds, type DemoIds } from './world.js';
import { httpGql, wsConnect, wsFirst } from './transport.js';

/**
 * docs/domain.md rule 11's log of reads: who read which child's record, which parts, when and from which operation; an
 * admin can read it; nobody can change it, neither through the API (there is no way to name it in a change) nor
 * in the database. That every read of a child's record is logged is checked cell by cell in the authorization
 * matrix.
 */

let api: TestApi;
let ids: DemoIds;
let fx: Fixtures;
beforeAll(async () => {
  api = await startTestApi();
  ids = await loadDemoIds((t, p) => api.db.sql(t, p));
  fx = new Fixtures((t, p) => api.db.sql(t, p), ids);
});
afterAll(() => api.close());

/** Every type reachable from a type, through fields, arguments and input fields. */
function reachable(type: GraphQLNamedType, seen = new Set<string>()): Set<string> {
  if (seen.has(type.name)) return seen;
  seen.add(type.name);
  if (isObjectType(type)) {
    for (const f of Object.values(type.getFields())) {
      reachable(getNamedType(f.type), seen);
      for (const a of f.args) reachable(getNamedType(a.type), seen);
    }
  } else if (isInputObjectType(type)) {
    for (const f of Object.values(type.getFields())) reachable(getNamedType(f.type), seen);
  }
  return seen;
}

describe('the access log', () => {
  it('shows an admin who read which child, which parts, when, and from which operation', async () => {
    const maisie = (await api.db.sql(`select id from child where first_name = 'Maisie'`)).rows[0]
      .id as string;
    const from = (await api.db.sql('select now() as t')).rows[0].t as Date;
    const read = await httpGql(
      api.url,
      await api.tokenFor(DEMO.manager),
      `query CaseReview($id: ID!) { child(id: $id) { firstName carer { name } } }`,
      { id: maisie },
      'CaseReview',
    );
    expect(read.errors).toBeUndefined();
    const until = (await api.db.sql('select now() as t')).rows[0].t as Date;
    const log = await api.gql<{
      accessLog: {
        edges: {
          node: {
            at: string;
            role: string;
            childId: string;
            fields: string[];
            operation: string;
            clientOperationName: string | null;
            user: { name: string };
          };
        }[];
      };
    }>(
      await api.tokenFor(DEMO.admin),
      `query($c: ID!) { accessLog(childId: $c, first: 1) { edges { node { at role childId fields operation clientOperationName user { name } } } } }`,
      { c: maisie },
    );
    const entry = log.data!.accessLog.edges[0]!.node;
    expect(entry).toMatchObject({
      role: 'CENTRE_MANAGER',
      childId: maisie,
      // A manager is given the carer's name and telephone, not the address (docs/access.md).
      fields: ['firstName', 'carer_contact'],
      operation: 'query child',
      clientOperationName: 'CaseReview',
      user: { name: 'Priya Shah' },
    });
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(from.getTime());
    expect(Date.parse(entry.at)).toBeLessThanOrEqual(until.getTime());
  });

  it('names what the server ran, whatever name the client gives its operation', async () => {
    const maisie = (await api.db.sql(`select id from child where first_name = 'Maisie'`)).rows[0]
      .id as string;
    const manager = await api.tokenFor(DEMO.manager);
    const mark = (await api.db.sql('select coalesce(max(id), 0)::text as id from access_log')).rows[0]
      .id as string;
    // A name chosen to mislead, fragments and aliases: the log still says which root fields were run.
    const read = await httpGql(
      api.url,
      manager,
      `query ServerStatusPing($id: ID!) { ...Parts a: child(id: $id) { id } }
       fragment Parts on Query { ... on Query { childHistory(childId: $id, first: 1) { edges { cursor } } } }`,
      { id: maisie },
      'ServerStatusPing',
    );
    expect(read.errors).toBeUndefined();
    const rows = (
      await api.db.sql(
        `select operation, client_operation_name from access_log where id > $1 and child_id = $2 order by id`,
        [mark, maisie],
      )
    ).rows;
    expect(rows.length).toBe(2);
    for (const r of rows) {
      expect(r).toEqual({
        operation: 'query childHistory child',
        client_operation_name: 'ServerStatusPing',
      });
    }
    // Over WebSocket the same.
    const ws = wsConnect(api.url, manager);
    try {
      const sub = wsFirst(
        ws,
        `query Innocent($id: ID!) { child(id: $id) { firstName } }`,
        { id: maisie },
        'Innocent',
      );
      expect((await sub.answer).errors).toBeUndefined();
      sub.stop();
    } finally {
      await ws.dispose();
    }
    const last = (
      await api.db.sql(
        `select operation, client_operation_name from access_log where child_id = $1 order by id desc limit 1`,
        [maisie],
      )
    ).rows[0];
    expect(last).toEqual({ operation: 'query child', client_operation_name: 'Innocent' });
  });

  it('cannot be named by any change in the schema: only one query reaches it', async () => {
    const schema = await buildKinroomSchema();
    const logTypes = Object.keys(schema.getTypeMap()).filter((n) => /^AccessLog/.test(n));
    expect(logTypes.length).toBeGreaterThan(0);
    const mutation = schema.getMutationType()!;
    const touching = Object.values(mutation.getFields()).filter((f) => {
      const types = reachable(getNamedType(f.type));
      for (const a of f.args) reachable(getNamedType(a.type), types);
      return logTypes.some((t) => types.has(t)) || /access.?log/i.test(`${f.name} ${f.description ?? ''}`);
    });
    expect(touching.map((f) => f.name)).toEqual([]);
    const roots = [schema.getQueryType()!, mutation, schema.getSubscriptionType()!];
    const readers = roots.flatMap((r) =>
      Object.values(r.getFields())
        .filter((f) => logTypes.includes(getNamedType(f.type).name))
        .map((f) => `${r.name}.${f.name}`),
    );
    expect(readers).toEqual(['Query.accessLog']);
  });

  it('cannot be changed in the database, even by the owner of the tables', async () => {
    expect((await api.db.sql('select count(*)::int as n from access_log')).rows[0].n).toBeGreaterThan(0);
    for (const statement of [
      `update access_log set reason = 'edited'`,
      `delete from access_log`,
      `truncate access_log`,
    ]) {
      await expect(api.db.sql(statement), statement).rejects.toThrow(/append-only|cannot be truncated/);
    }
  });
});

interface LogRow {
  user_id: string;
  child_id: string;
  fields: string[];
  operation: string;
  client_operation_name: string | null;
  reason: string;
}

async function logMark(): Promise<string> {
  return (await api.db.sql('select coalesce(max(id), 0)::text as id from access_log')).rows[0].id as string;
}

/** The access-log rows written since `mark` that match `where`, waiting (up to 10 s) until there are `atLeast`. */
async function rowsSince(mark: string, where: string, params: unknown[], atLeast: number): Promise<LogRow[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = (
      await api.db.sql(
        `select user_id, child_id, fields, operation, client_operation_name, reason from access_log
          where id > $1 and ${where} order by id`,
        [mark, ...params],
      )
    ).rows as LogRow[];
    if (rows.length >= atLeast || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function eventHead(): Promise<string> {
  return (await api.db.sql('select coalesce(max(id), 0)::text as id from event')).rows[0].id as string;
}

const RAISE = `mutation($c: ID!) { raiseFlag(input: { childId: $c, category: OTHER, severity: LOW, description: "Seen upset at the door" }) { id } }`;
const WATCH_FLAGS = `subscription Watch($after: String) { flagChanged(after: $after) { cursor childId kind } }`;

describe('reads that are not queries', () => {
  it('logs the answer of a flag acknowledged and of an observation approved: both carry the record', async () => {
    const manager = await api.tokenFor(DEMO.manager);
    const flag = await fx.flag('open');
    const observation = await fx.observation('submitted');
    const mark = await logMark();
    const ack = await httpGql(
      api.url,
      manager,
      `mutation Tidy($id: ID!) { acknowledgeFlag(id: $id) { id description status } }`,
      { id: flag.id },
      'Tidy',
    );
    expect(ack.errors, ack.raw).toBeUndefined();
    const approve = await httpGql(
      api.url,
      manager,
      `mutation($id: ID!, $v: Int!) { approveObservation(id: $id, expectedVersion: $v) { id sections { key facts } } }`,
      { id: observation.id, v: observation.version },
    );
    expect(approve.errors, approve.raw).toBeUndefined();
    const rows = await rowsSince(mark, 'child_id = $2', [ids.child.Maisie], 2);
    expect(rows).toEqual([
      {
        user_id: ids.staff[DEMO.manager],
        child_id: ids.child.Maisie,
        fields: ['id', 'description', 'status'],
        operation: 'mutation acknowledgeFlag',
        client_operation_name: 'Tidy',
        reason: 'answer to acknowledgeFlag',
      },
      {
        user_id: ids.staff[DEMO.manager],
        child_id: ids.child.Maisie,
        fields: ['id', 'sections'],
        operation: 'mutation approveObservation',
        client_operation_name: null,
        reason: 'answer to approveObservation',
      },
    ]);
  });

  it('logs every live event about a child given to a subscription, naming each viewer who received it', async () => {
    const manager = await api.tokenFor(DEMO.manager);
    const integrator = await api.tokenFor(DEMO.integrator);
    // Two sockets of the manager's (one shared execution) and the integrator's: three subscriptions.
    const sockets = [
      wsConnect(api.url, manager),
      wsConnect(api.url, manager),
      wsConnect(api.url, integrator),
    ];
    const before = api.server.hub.size;
    const subs = sockets.map((c) => wsFirst(c, WATCH_FLAGS, {}, 'Watch'));
    try {
      const deadline = Date.now() + 10_000;
      while (api.server.hub.size < before + 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const mark = await logMark();
      const raised = await httpGql(api.url, await api.tokenFor(DEMO.supervisor1), RAISE, {
        c: ids.child.Maisie,
      });
      expect(raised.errors, raised.raw).toBeUndefined();
      for (const s of subs)
        expect((await s.answer).data, (await s.answer).raw).toMatchObject({
          flagChanged: { childId: ids.child.Maisie, kind: 'raised' },
        });
      const rows = await rowsSince(
        mark,
        `operation = 'subscription flagChanged' and child_id = $2`,
        [ids.child.Maisie],
        3,
      );
      expect(rows.map((r) => r.user_id).sort()).toEqual(
        [ids.staff[DEMO.manager], ids.staff[DEMO.manager], ids.staff[DEMO.integrator]].sort(),
      );
      for (const r of rows) {
        expect(r.client_operation_name).toBe('Watch');
        expect(r.fields).toEqual(['flag events']);
        expect(r.reason).toMatch(/^live event \d+ given to a subscription$/);
      }
    } finally {
      for (const s of subs) s.stop();
      await Promise.all(sockets.map((c) => c.dispose()));
    }
  });

  it('logs the events replayed to a subscription that resumes after a cursor', async () => {
    const socialWorker = await api.tokenFor(DEMO.socialWorker1);
    const after = await eventHead();
    const supervisor = await api.tokenFor(DEMO.supervisor1);
    for (let i = 0; i < 2; i += 1) {
      const raised = await httpGql(api.url, supervisor, RAISE, { c: ids.child.Maisie });
      expect(raised.errors, raised.raw).toBeUndefined();
    }
    const mark = await logMark();
    const socket = wsConnect(api.url, socialWorker);
    const sub = wsFirst(socket, WATCH_FLAGS, { after }, 'Watch');
    try {
      expect((await sub.answer).data, (await sub.answer).raw).toMatchObject({
        flagChanged: { childId: ids.child.Maisie },
      });
      const rows = await rowsSince(mark, `operation = 'subscription flagChanged'`, [], 1);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        user_id: ids.staff[DEMO.socialWorker1],
        child_id: ids.child.Maisie,
        fields: ['flag events'],
        client_operation_name: 'Watch',
      });
      expect(rows[0]!.reason).toMatch(/^2 live events \d+–\d+ given to a subscription$/);
    } finally {
      sub.stop();
      await socket.dispose();
    }
  });
});
