import { getNamedType, isInputObjectType, isObjectType, type GraphQLNamedType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKinroomSchema } from '../../src/graphql/schema.js';
import { DEMO, startTestApi, type TestApi } from '../api.js';
import { httpGql } from './transport.js';

/**
 * DOMAIN.md rule 11's log of reads: who read which child's record, which parts, when and from which operation; an
 * admin can read it; nobody can change it, neither through the API (there is no way to name it in a change) nor
 * in the database. That every read of a child's record is logged is checked cell by cell in the authorization
 * matrix.
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
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
            user: { name: string };
          };
        }[];
      };
    }>(
      await api.tokenFor(DEMO.admin),
      `query($c: ID!) { accessLog(childId: $c, first: 1) { edges { node { at role childId fields operation user { name } } } } }`,
      { c: maisie },
    );
    const entry = log.data!.accessLog.edges[0]!.node;
    expect(entry).toMatchObject({
      role: 'CENTRE_MANAGER',
      childId: maisie,
      fields: ['firstName', 'carer'],
      operation: 'CaseReview',
      user: { name: 'Priya Shah' },
    });
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(from.getTime());
    expect(Date.parse(entry.at)).toBeLessThanOrEqual(until.getTime());
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
