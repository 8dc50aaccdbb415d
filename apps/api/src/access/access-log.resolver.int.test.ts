import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApi, type TestApi } from '../../test/api.js';

let api: TestApi;
let admin: string;
const child: Record<string, string> = {};
const user: Record<string, string> = {};

const LOG = `query Log($childId: ID, $userId: ID, $first: Int, $after: String) {
  accessLog(childId: $childId, userId: $userId, first: $first, after: $after) {
    edges { cursor node { id at userId role childId fields operation reason user { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface LogPage {
  accessLog: {
    edges: {
      cursor: string;
      node: {
        id: string;
        userId: string;
        role: string;
        childId: string;
        fields: string[];
        reason: string;
        user: { name: string } | null;
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

async function rows(sql: string, params: unknown[] = []) {
  return (await api.db.sql(sql, params)).rows;
}

function code(r: { errors?: { extensions?: { code?: string } }[] }) {
  return r.errors?.[0]?.extensions?.code;
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.tokenFor(DEMO.admin);
  for (const r of await rows(`select id, first_name from child`)) child[r.first_name] = r.id;
  for (const r of await rows(`select id, email from staff_user`)) user[r.email] = r.id;
  // The next rows' ids gain a digit, where ordering them as text would go wrong.
  await rows(`select setval('access_log_id_seq', 98)`);
  // Reads to be logged: the social worker, the manager and the integrator each read records.
  const read = `query Read($id: ID!) { child(id: $id) { firstName carer { name } } }`;
  for (const [email, names] of [
    [DEMO.socialWorker1, ['Maisie', 'Leo', 'Amara', 'Tyler']],
    [DEMO.manager, ['Maisie', 'Ruby', 'Noah']],
    [DEMO.integrator, ['Maisie', 'Kai']],
  ] as const) {
    const token = await api.tokenFor(email);
    for (const n of names) await api.gql(token, read, { id: child[n] });
  }
});
afterAll(() => api.close());

describe('the access log', () => {
  it('shows the admin who read which record, newest first, with the fields read', async () => {
    const r = await api.gql<LogPage>(admin, LOG, { first: 200 });
    expect(r.errors).toBeUndefined();
    const nodes = r.data!.accessLog.edges.map((e) => e.node);
    expect(nodes).toHaveLength(9);
    const ids = nodes.map((n) => BigInt(n.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(nodes[0]).toMatchObject({
      role: 'INTEGRATOR',
      childId: child.Kai,
      fields: ['firstName'],
      user: { name: 'Case system link' },
    });
    const aisha = nodes.find((n) => n.userId === user[DEMO.socialWorker1] && n.childId === child.Maisie);
    expect(aisha?.fields).toEqual(['firstName', 'carer']);
  });

  it('filters by child and by user', async () => {
    const maisie = await api.gql<LogPage>(admin, LOG, { childId: child.Maisie });
    expect(maisie.data!.accessLog.edges.map((e) => e.node.role).sort()).toEqual([
      'CENTRE_MANAGER',
      'INTEGRATOR',
      'SOCIAL_WORKER',
    ]);
    const byManager = await api.gql<LogPage>(admin, LOG, { userId: user[DEMO.manager] });
    expect(byManager.data!.accessLog.edges).toHaveLength(3);
    const both = await api.gql<LogPage>(admin, LOG, { userId: user[DEMO.manager], childId: child.Ruby });
    expect(both.data!.accessLog.edges).toHaveLength(1);
    // A malformed id names nothing, as on every field (graphql/id-guard.ts).
    expect(code(await api.gql(admin, LOG, { childId: 'nope' }))).toBe('NOT_FOUND');
    expect(code(await api.gql(admin, LOG, { userId: 'nope' }))).toBe('NOT_FOUND');
  });

  it('pages with no gap and no duplicate, and refuses a cursor from another filter', async () => {
    const all = (await api.gql<LogPage>(admin, LOG, { first: 200 })).data!.accessLog.edges.map(
      (e) => e.node.id,
    );
    const seen: string[] = [];
    let after: string | null = null;
    let firstCursor: string | null = null;
    for (;;) {
      const r: Awaited<ReturnType<typeof api.gql<LogPage>>> = await api.gql<LogPage>(admin, LOG, {
        first: 2,
        after,
      });
      const page = r.data!.accessLog;
      seen.push(...page.edges.map((e) => e.node.id));
      firstCursor ??= page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    // Newest first by number, also where ids gain a digit (9, 10, 11 must not come back as 9, 11, 10).
    expect(all.length).toBeGreaterThan(2);
    expect(all.map(Number)).toEqual(all.map(Number).toSorted((a, b) => b - a));
    expect(code(await api.gql(admin, LOG, { childId: child.Maisie, after: firstCursor }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await api.gql(admin, LOG, { first: 0 }))).toBe('BAD_USER_INPUT');
  });

  it('is for admins only, and nobody can change it', async () => {
    for (const email of [DEMO.manager, DEMO.socialWorker1, DEMO.supervisor1, DEMO.integrator]) {
      expect(code(await api.gql(await api.tokenFor(email), LOG, {}))).toBe('FORBIDDEN');
    }
    expect(code(await api.gql(null, LOG, {}))).toBe('UNAUTHENTICATED');
    const schema = await api.gql<{
      __schema: { mutationType: { fields: { name: string; description: string }[] } };
    }>(admin, `{ __schema { mutationType { fields { name description } } } }`);
    const mutations = schema.data!.__schema.mutationType.fields;
    expect(mutations.filter((m) => /access.?log/i.test(`${m.name} ${m.description}`))).toEqual([]);
    await expect(api.db.sql(`update access_log set reason = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(api.db.sql(`delete from access_log`)).rejects.toThrow(/append-only/);
  });
});
